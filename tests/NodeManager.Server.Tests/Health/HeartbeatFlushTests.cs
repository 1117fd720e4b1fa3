using System.Net;
using Microsoft.Extensions.DependencyInjection;
using NodeManager.Core.Storage;
using NodeManager.Server.Health;
using NodeManager.Server.Tests.Infrastructure;
using NodeManager.Testing;

namespace NodeManager.Server.Tests.Health;

/// <summary>
/// <c>NodeManager:Health:HeartbeatFlushInterval</c> on a store of the instance's own (SQLite, or PostgreSQL
/// with no other instance): received heartbeat times reach the store once per interval, not every sweep,
/// and a clean stop writes the ones still pending. On PostgreSQL, once another instance announces itself,
/// they are written every sweep.
/// </summary>
public abstract class HeartbeatFlushTestsBase
{
    protected abstract bool UsePostgres { get; }

    internal static readonly string[] Args =
    [
        "--NodeManager:Health:HeartbeatInterval=00:00:01",
        "--NodeManager:Health:GracePeriod=00:00:30",
        "--NodeManager:Health:DownAfter=00:01:00",
        "--NodeManager:Health:SweepInterval=00:00:00.1",
        "--NodeManager:Health:HeartbeatFlushInterval=01:00:00",
    ];

    [StoreFact]
    public async Task HeartbeatTimes_NotWrittenBeforeTheFlushInterval_WrittenOnStop()
    {
        await using var store = await TestStore.CreateAsync(UsePostgres);
        Guid id;
        DateTimeOffset latest;
        await using (var server = await ServerInstance.StartAsync(store.Args, Args))
        {
            id = await CreateNodeAsync(server);

            // The first heartbeat is a transition (UNKNOWN → READY): saved at once, with its time.
            await BeatAsync(server, id, 1);
            var healthStore = server.Services.GetRequiredService<IHealthStore>();
            var first = await StoredHeartbeatAsync(healthStore, id);
            Assert.NotNull(first);

            await Task.Delay(50); // a later heartbeat has a later time
            latest = await BeatAsync(server, id, 2);
            Assert.True(latest > first, $"the newest heartbeat ({latest:O}) is newer than the stored one ({first:O})");

            await Task.Delay(TimeSpan.FromSeconds(1)); // about ten sweeps, none of them due to flush
            Assert.Equal(first, await StoredHeartbeatAsync(healthStore, id));
        }

        await using (var restarted = await ServerInstance.StartAsync(store.Args, Args))
        {
            Assert.Equal(latest, await StoredHeartbeatAsync(restarted.Services.GetRequiredService<IHealthStore>(), id));
        }
    }

    internal static async Task<DateTimeOffset?> StoredHeartbeatAsync(IHealthStore store, Guid id) =>
        (await store.LoadHealthAsync(CancellationToken.None)).Single(s => s.NodeId == id).LastHeartbeatTime;

    internal static async Task<Guid> CreateNodeAsync(ServerInstance server)
    {
        var created = await server.Client.SendAsync(HttpMethod.Post, "/v1/nodes", Json.NodeJson(1));
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        return Guid.Parse((await Json.ReadAsync(created))["id"]!.GetValue<string>());
    }

    /// <summary>Reports one heartbeat over REST; returns its time as the server's registry holds it.</summary>
    internal static async Task<DateTimeOffset> BeatAsync(ServerInstance server, Guid id, int seq)
    {
        Assert.Equal(HttpStatusCode.OK, (await server.Client.SendAsync(HttpMethod.Post, $"/v1/nodes/{id}/heartbeat", $$"""{"seq":"{{seq}}"}""")).StatusCode);
        var entry = server.Services.GetRequiredService<HealthRegistry>().Find(id)!;
        lock (entry.Gate)
        {
            return entry.LastHeartbeat!.Value;
        }
    }
}

/// <summary>PostgreSQL shared by two silos of one cluster: heartbeat times are written every sweep, for the leader to read.</summary>
[RequiresPostgres]
public sealed class SharedHeartbeatFlushTests
{
    [StoreFact]
    public async Task HeartbeatTimes_AnotherSiloActive_WrittenEverySweep()
    {
        await using var store = await TestStore.CreateAsync(postgres: true);
        var cluster = ClusterArgs.New("flush");
        await using var server = await ServerInstance.StartAsync(store.Args, [.. HeartbeatFlushTestsBase.Args, .. cluster]);
        await using var other = await ServerInstance.StartAsync(store.Args, [.. HeartbeatFlushTestsBase.Args, .. cluster]);
        var id = await HeartbeatFlushTestsBase.CreateNodeAsync(server);
        var healthStore = server.Services.GetRequiredService<IHealthStore>();

        // With another silo active the flush interval (an hour here) does not apply: each sweep writes what it heard.
        var latest = await HeartbeatFlushTestsBase.BeatAsync(server, id, 1);
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(15); // well inside the 30 s grace, after which a transition would save it too
        while (await HeartbeatFlushTestsBase.StoredHeartbeatAsync(healthStore, id) != latest && DateTime.UtcNow < deadline)
        {
            await Task.Delay(50);
        }

        Assert.Equal(latest, await HeartbeatFlushTestsBase.StoredHeartbeatAsync(healthStore, id));
    }
}
