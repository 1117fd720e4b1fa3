namespace NodeManager.Server.Health;

/// <summary>The server clock, to the microsecond both stores keep.</summary>
public static class HealthClock
{
    public static DateTimeOffset Now(TimeProvider time)
    {
        var now = time.GetUtcNow();
        return now.AddTicks(-(now.UtcTicks % 10));
    }
}
