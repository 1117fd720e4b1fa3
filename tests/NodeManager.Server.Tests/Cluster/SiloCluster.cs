using System.Globalization;
using System.Text.Json.Nodes;
using NodeManager.Server.Tests.Infrastructure;
using NodeManager.Testing;

namespace NodeManager.Server.Tests.Cluster;

/// <summary>
/// NodeManager servers as real processes (<see cref="ServerProcess"/>) forming one Orleans cluster: membership
/// in the Redis of <c>NODEMANAGER_TEST_REDIS</c> under a ClusterId of this cluster alone (tests in parallel never
/// share membership), nodes in one fresh PostgreSQL database. Silos start one after another, each ready once the
/// membership table lists it Active. Disposing kills the silos it started (each by its own process id), deletes
/// the membership keys it wrote and drops the database.
/// </summary>
public sealed class SiloCluster : IAsyncDisposable
{
    /// <summary>NodeManager's default <c>Orleans:ServiceId</c>.</summary>
    public const string DefaultServiceId = "nodemanager";

    /// <summary>Orleans' <see cref="Orleans.Runtime.SiloStatus"/> Active, as the Redis table stores it.</summary>
    private const int Active = 3;

    private static readonly TimeSpan MembershipTimeout = TimeSpan.FromSeconds(30);

    private readonly PostgresTestDatabase _database;
    private readonly List<ServerProcess> _silos = [];
    private readonly HashSet<string> _serviceIds = [];

    /// <summary>More server arguments for every silo (e.g. health timings).</summary>
    private string[] _extraArgs = [];

    private SiloCluster(string redis, PostgresTestDatabase database)
    {
        Redis = redis;
        _database = database;
    }

    /// <summary>host:port of the Redis server holding the membership.</summary>
    public string Redis { get; }

    public string ClusterId { get; } = "nm-test-" + Guid.NewGuid().ToString("N")[..12];

    /// <summary>The silos started so far, in order (a killed one stays listed).</summary>
    public IReadOnlyList<ServerProcess> Silos => _silos;

    /// <summary>
    /// Starts <paramref name="silos"/> silos of <see cref="DefaultServiceId"/>. Needs both servers and checks
    /// first: without either it throws saying which, so a <see cref="RedisFactAttribute"/> test (skipped on a
    /// laptop without Redis) fails rather than skips when CI=true.
    /// </summary>
    public static async Task<SiloCluster> StartAsync(int silos, string? redis = null, params string[] extraArgs)
    {
        redis ??= RedisTestEnvironment.RequireEndpoint();
        if (PostgresTestEnvironment.ServerConnectionString is null)
        {
            throw new InvalidOperationException(PostgresTestEnvironment.NotConfiguredMessage);
        }

        var cluster = new SiloCluster(redis, await PostgresTestDatabase.CreateAsync().WaitAsync(TestTimeout.Default)) { _extraArgs = extraArgs };
        try
        {
            for (var i = 0; i < silos; i++)
            {
                await cluster.StartSiloAsync();
            }

            return cluster;
        }
        catch
        {
            await cluster.DisposeAsync();
            throw;
        }
    }

    /// <summary>The Redis hash Orleans keeps a service's membership in: <c>{ServiceId}/members/{ClusterId}</c>.</summary>
    public string MembershipKey(string serviceId) => $"{serviceId}/members/{ClusterId}";

    /// <summary>One more silo on this cluster's Redis, ClusterId and database; of another service if <paramref name="serviceId"/> says so.</summary>
    public async Task<ServerProcess> StartSiloAsync(string serviceId = DefaultServiceId)
    {
        _serviceIds.Add(serviceId);
        var silo = await ServerProcess.StartAsync(
        [
            "--NodeManager:Storage:Provider=Postgres",
            $"--ConnectionStrings:NodeManager={_database.ConnectionString}",
            .. ClusterArgs.For(Redis, ClusterId),
            $"--Orleans:ServiceId={serviceId}",
            .. _extraArgs,
        ]);
        _silos.Add(silo);
        await WaitUntilActiveAsync(serviceId, silo);
        return silo;
    }

    /// <summary>The silo ports of the fields of a service's membership hash (<c>HKEYS</c>; the field <c>Version</c> is not a silo).</summary>
    public async Task<IReadOnlyList<int>> ListedSiloPortsAsync(string serviceId)
    {
        var fields = await Resp.HashKeysAsync(Redis, MembershipKey(serviceId));
        return [.. fields.Where(f => f != "Version").Select(SiloPort).Order()];
    }

    /// <summary>A field is <c>S{ip}:{port}:{generation}</c>; the silos advertise 127.0.0.1.</summary>
    private static int SiloPort(string field)
    {
        var parts = field.Split(':');
        Assert.True(parts is ["S127.0.0.1", _, _], $"membership field '{field}' is not S127.0.0.1:port:generation");
        return int.Parse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture);
    }

    private async Task WaitUntilActiveAsync(string serviceId, ServerProcess silo)
    {
        var deadline = DateTime.UtcNow + MembershipTimeout;
        IReadOnlyDictionary<string, string> table = new Dictionary<string, string>();
        for (var attempt = 0; attempt < 300 && DateTime.UtcNow < deadline; attempt++)
        {
            table = await Resp.HashAsync(Redis, MembershipKey(serviceId));
            if (table.Any(row => row.Key.StartsWith($"S127.0.0.1:{silo.SiloPort}:", StringComparison.Ordinal)
                && JsonNode.Parse(row.Value)?["Status"]?.GetValue<int>() == Active))
            {
                return;
            }

            await Task.Delay(100);
        }

        throw new TimeoutException($"silo port {silo.SiloPort} not Active in {MembershipKey(serviceId)} within {MembershipTimeout.TotalSeconds:0} s: " +
            string.Join("; ", table.Select(row => $"{row.Key}={row.Value}")));
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var silo in _silos)
        {
            await silo.DisposeAsync();
        }

        if (_serviceIds.Count > 0 && Redis == RedisTestEnvironment.Endpoint)
        {
            await Resp.CallAsync(Redis, ["DEL", .. _serviceIds.Select(MembershipKey)]);
        }

        await _database.DisposeAsync().AsTask().WaitAsync(TestTimeout.Default);
    }
}
