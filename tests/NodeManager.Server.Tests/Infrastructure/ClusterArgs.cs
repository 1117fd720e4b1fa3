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
}
