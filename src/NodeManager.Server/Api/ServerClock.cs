namespace NodeManager.Server.Api;

/// <summary>The server clock, to the microsecond both stores keep, so what we answer equals what we stored.</summary>
public static class ServerClock
{
    public static DateTimeOffset Now(TimeProvider time) => Core.Storage.StoredTime.Now(time);
}
