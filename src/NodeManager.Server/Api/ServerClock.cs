namespace NodeManager.Server.Api;

/// <summary>The server clock, to the microsecond both stores keep, so what we answer equals what we stored.</summary>
public static class ServerClock
{
    public static DateTimeOffset Now(TimeProvider time)
    {
        var now = time.GetUtcNow();
        return now.AddTicks(-(now.UtcTicks % 10));
    }
}
