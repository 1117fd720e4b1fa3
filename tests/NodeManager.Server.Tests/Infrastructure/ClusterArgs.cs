namespace NodeManager.Server.Tests.Infrastructure;

/// <summary>Server arguments that make a server a silo of a Redis-membership cluster on loopback.</summary>
public static class ClusterArgs
{
    /// <summary>
    /// Membership in <paramref name="redis"/> under <paramref name="clusterId"/> (a test's own, so tests in parallel
    /// never share membership), advertising 127.0.0.1.
    /// </summary>
    public static string[] For(string redis, string clusterId) =>
    [
        "--Orleans:Clustering:ProviderType=Redis",
        $"--Orleans:Clustering:ConnectionString={redis}",
        $"--Orleans:ClusterId={clusterId}",
        "--Orleans:Endpoints:AdvertisedIPAddress=127.0.0.1",
    ];

    /// <summary>As above on the test Redis (<c>NODEMANAGER_TEST_REDIS</c>; throws saying how to set it when absent) and a new cluster id.</summary>
    public static string[] New(string prefix) => For(Testing.RedisTestEnvironment.RequireEndpoint(), $"{prefix}-{Guid.NewGuid():N}");

    /// <summary>
    /// Health timings of the cluster tests (the measurement): interval 1 s, grace 4 s, DOWN after a minute,
    /// a sweep every 200 ms, probes that give up after 500 ms, no start-up hold; then <paramref name="extra"/>.
    /// </summary>
    public static string[] FastHealth(params string[] extra) =>
    [
        "--NodeManager:Health:HeartbeatInterval=00:00:01",
        "--NodeManager:Health:GracePeriod=00:00:04",
        "--NodeManager:Health:DownAfter=00:01:00",
        "--NodeManager:Health:SweepInterval=00:00:00.2",
        "--NodeManager:Health:ProbeTimeout=00:00:00.5",
        "--NodeManager:Health:StartupGrace=00:00:00",
        .. extra,
    ];
}
