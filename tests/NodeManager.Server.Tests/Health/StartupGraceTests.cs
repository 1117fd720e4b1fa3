using System.Net;
using NodeManager.Server.Tests.Infrastructure;
using NodeManager.Testing;

namespace NodeManager.Server.Tests.Health;

/// <summary>
/// <c>NodeManager:Health:StartupGrace</c> after a restart: verdicts wait at least the configured time, and then
/// as long as the nodes that were READY keep coming back (one within each grace period). A node that never
/// comes back is judged once they stop.
/// </summary>
public sealed class StartupGraceTests
{
    private static readonly string[] Args =
    [
        "--NodeManager:Health:HeartbeatInterval=00:00:03",
        "--NodeManager:Health:GracePeriod=00:00:03",
        "--NodeManager:Health:DownAfter=00:01:00",
        "--NodeManager:Health:SweepInterval=00:00:00.1",
        "--NodeManager:Health:ProbeTimeout=00:00:00.3",
        "--NodeManager:Health:StartupGrace=00:00:01",
    ];

    [Fact]
    public async Task Restart_NodesReturningAfterTheStartupGrace_NotMarked_TheOneThatNeverReturnsIsJudgedAfterThem()
    {
        await using var store = await TestStore.CreateAsync(postgres: false);
        var ids = new string[4];
        await using (var first = await ServerInstance.StartAsync(store.Args, Args))
        {
            for (var i = 0; i < ids.Length; i++)
            {
                var extra = $",\"managementAddress\":\"127.0.0.1\",\"agentPort\":{LoopbackHost.FreePort()}"; // nothing listens: probes fail
                var created = await first.Client.SendAsync(HttpMethod.Post, "/v1/nodes", Json.NodeJson(i + 1, extra));
                Assert.Equal(HttpStatusCode.Created, created.StatusCode);
                ids[i] = (await Json.ReadAsync(created))["id"]!.GetValue<string>();
                await BeatAsync(first, ids[i]);
                Assert.Equal("HEALTH_STATUS_READY", await StatusAsync(first, ids[i]));
            }
        }

        await Task.Delay(TimeSpan.FromSeconds(3.5)); // every node is now silent for longer than the grace period

        await using var restarted = await ServerInstance.StartAsync(store.Args, Args);
        using var stop = new CancellationTokenSource(TestTimeout.Default);
        var beating = new List<Task>();
        DateTimeOffset lastReturn = default;
        for (var i = 0; i < 3; i++) // three come back 1.2 s apart, the last two after the 1 s startup grace; the fourth never does
        {
            if (i > 0)
            {
                await Task.Delay(TimeSpan.FromSeconds(1.2));
            }

            lastReturn = DateTimeOffset.UtcNow;
            beating.Add(KeepBeatingAsync(restarted, ids[i], stop.Token));
        }

        var deadline = DateTime.UtcNow + TestTimeout.Default;
        while (await StatusAsync(restarted, ids[3]) != "HEALTH_STATUS_NOT_READY")
        {
            Assert.True(DateTime.UtcNow < deadline, "the node that never came back was not judged");
            await Task.Delay(100);
        }

        var health = await Json.ReadAsync(await restarted.Client.SendAsync(HttpMethod.Get, $"/v1/nodes/{ids[3]}/health"));
        var decided = DateTimeOffset.Parse(health["lastTransitionTime"]!.GetValue<string>(), System.Globalization.CultureInfo.InvariantCulture);
        Assert.True(decided > lastReturn, $"judged at {decided:O}, after the last node came back at {lastReturn:O}");
        for (var i = 0; i < 3; i++)
        {
            Assert.Equal("HEALTH_STATUS_READY", await StatusAsync(restarted, ids[i]));
        }

        var metrics = await NodeManager.Server.Tests.Metrics.PrometheusScrape.GetAsync(restarted.Client);
        Assert.Equal(1, metrics.Value("nodemanager_health_transitions_total", ("status", "not_ready"))); // only the fourth
        await stop.CancelAsync();
        await Task.WhenAll(beating);
    }

    private static async Task BeatAsync(ServerInstance server, string id) =>
        Assert.Equal(HttpStatusCode.OK, (await server.Client.SendAsync(HttpMethod.Post, $"/v1/nodes/{id}/heartbeat", """{"seq":"1"}""")).StatusCode);

    private static async Task KeepBeatingAsync(ServerInstance server, string id, CancellationToken stop)
    {
        while (!stop.IsCancellationRequested)
        {
            await BeatAsync(server, id);
            await Task.Delay(TimeSpan.FromSeconds(0.5), stop).ContinueWith(_ => { }, TaskScheduler.Default);
        }
    }

    private static async Task<string> StatusAsync(ServerInstance server, string id) =>
        (await Json.ReadAsync(await server.Client.SendAsync(HttpMethod.Get, $"/v1/nodes/{id}/health")))["status"]!.GetValue<string>();
}
