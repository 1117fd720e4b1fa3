namespace NodeManager.Core.Storage;

/// <summary>The server clock, to the microsecond both stores keep, so what is answered equals what is stored.</summary>
public static class StoredTime
{
    public static DateTimeOffset Now(TimeProvider time)
    {
        var now = time.GetUtcNow();
        return now.AddTicks(-(now.UtcTicks % 10));
    }
}
