using System.Collections.Concurrent;
using System.Net;
using Grpc.Core;
using Grpc.Net.Client;
using Microsoft.Extensions.DependencyInjection;
using NodeManager.Contracts.V1;
using NodeManager.Server.Health;
using NodeManager.Server.Tests.Infrastructure;
using NodeManager.Testing;

namespace NodeManager.Server.Tests.Health;

/// <summary>
/// Two silos of one cluster (Redis membership) on one PostgreSQL database, as in production behind one
/// address: a node's heartbeats reach one silo while the other, the oldest, leads the health sweep; the
/// lead moves when the leader stops. Timings: interval 500 ms, grace 3 s (generous: a loaded machine must
/// not make nodes really silent), DOWN after 6 s, sweep every 100 ms.
/// </summary>
[RequiresPostgres]
public sealed class MultiInstanceHealthTests : IAsyncLifetime
{
    private static readonly string[] Timings =
    [
        "--NodeManager:Health:HeartbeatInterval=00:00:00.5",
        "--NodeManager:Health:GracePeriod=00:00:03",
        "--NodeManager:Health:DownAfter=00:00:06",
        "--NodeManager:Health:SweepInterval=00:00:00.1",
        "--NodeManager:Health:ProbeTimeout=00:00:00.3",
        "--NodeManager:Health:StartupGrace=00:00:00",
    ];

    private readonly List<IAsyncDisposable> _owned = [];
    private readonly string _clusterId = "health-" + Guid.NewGuid().ToString("N")[..12];
    private TestStore _store = null!;

    public async Task InitializeAsync() => _store = await TestStore.CreateAsync(postgres: true);

    /// <summary>The membership of this test's cluster: its own cluster id on the test Redis, so parallel tests never meet.</summary>
    private string[] ClusterArgs() => Infrastructure.ClusterArgs.For(RedisTestEnvironment.RequireEndpoint(), _clusterId);

    public async Task DisposeAsync()
    {
        foreach (var owned in Enumerable.Reverse(_owned))
        {
            await owned.DisposeAsync();
        }

        await _store.DisposeAsync();
    }

    [StoreFact]
    public async Task HeartbeatsReachOneSilo_OtherLeads_NodeStaysReadyUntilItsStreamBreaks()
    {
        var (leader, other) = await StartPairAsync();
        var id = await RegisterAsync(leader, 1);
        var history = WatchAll(leader);

        await using (var agent = new Agent(other, id))
        {
            await agent.BeatForAsync(TimeSpan.FromSeconds(7)); // more than two grace periods
            Assert.Equal(HealthStatus.Ready, (await HealthAsync(leader, id)).Status);
            Assert.Equal(HealthStatus.Ready, (await HealthAsync(other, id)).Status);
        }

        // The stream broke without goodbye and nothing answers the probe: NOT_READY, then DOWN, on both instances.
        var notReady = await WaitForAsync(leader, id, h => h.Status == HealthStatus.NotReady);
        Assert.Contains(notReady.DecidedBy, new[] { DecidedBy.StreamClosed, DecidedBy.Probe });
        await WaitForAsync(other, id, h => h.Status == HealthStatus.NotReady);
        await WaitForAsync(leader, id, h => h.Status == HealthStatus.Down);
        await WaitForAsync(other, id, h => h.Status == HealthStatus.Down);
        await history.SeenAsync(id, HealthStatus.Down); // the watch may deliver the event a moment after the API shows it
        Assert.Equal(
            [HealthStatus.Ready, HealthStatus.NotReady, HealthStatus.Down],
            history.Statuses(id).Distinct().ToArray());
    }

    [StoreFact]
    public async Task LeaderStops_OtherSiloTakesOver_ReconnectedNodeStaysReadySilentNodeDetected()
    {
        var (leader, other) = await StartPairAsync();
        var kept = await RegisterAsync(leader, 1);
        var lost = await RegisterAsync(leader, 2);
        var history = WatchAll(other);
        var keptAgent = new Agent(leader, kept);
        var lostAgent = new Agent(leader, lost);
        await Task.WhenAll(keptAgent.BeatForAsync(TimeSpan.FromSeconds(1)), lostAgent.BeatForAsync(TimeSpan.FromSeconds(1)));

        // A watch on the instance that stops ends at once with UNAVAILABLE and where to resume (the stop does not wait for it).
        using var leaderChannel = TestGrpcChannel.ForAddress(leader.Grpc);
        using var leaderWatch = new HealthService.HealthServiceClient(leaderChannel).WatchNodeHealth(new WatchNodeHealthRequest { FromNow = true });
        var third = await RegisterAsync(leader, 3);
        await using (var once = new Agent(leader, third))
        {
            await once.BeatForAsync(TimeSpan.Zero); // its first heartbeat is a transition: the watch is live once it sees it
        }

        using (var live = new CancellationTokenSource(TimeSpan.FromSeconds(20)))
        {
            Assert.True(await leaderWatch.ResponseStream.MoveNext(live.Token));
        }

        var watchEnded = Assert.ThrowsAsync<RpcException>(async () =>
        {
            while (await leaderWatch.ResponseStream.MoveNext(CancellationToken.None))
            {
            }
        });

        // The leader stops; one agent reconnects to the other silo at once, the other never comes back.
        var stopping = StopAsync(leader);
        await keptAgent.DisposeAsync();
        await lostAgent.DisposeAsync();
        await using var reconnected = new Agent(other, kept);
        var beating = reconnected.BeatForAsync(TimeSpan.FromSeconds(10));
        await stopping;
        var ended = await watchEnded.WaitAsync(TimeSpan.FromSeconds(20));
        Assert.Equal(StatusCode.Unavailable, ended.StatusCode);
        Assert.Contains("resume with after_revision=", ended.Status.Detail);

        await WaitUntilAsync(() => other.Services.GetRequiredService<ClusterHealth>().SweeperLeader, "the other silo leads");
        var detected = await WaitForAsync(other, lost, h => h.Status == HealthStatus.NotReady);
        await beating;

        Assert.Contains(detected.DecidedBy, new[] { DecidedBy.Probe, DecidedBy.StreamClosed });
        Assert.Equal(HealthStatus.Ready, (await HealthAsync(other, kept)).Status);
        Assert.DoesNotContain(history.Statuses(kept), s => s is HealthStatus.NotReady or HealthStatus.Down);
    }

    [StoreFact]
    public async Task NodeChangedOnOneInstance_OtherInstanceJudgesDriftAgainstTheNewInventory()
    {
        var (leader, other) = await StartPairAsync();
        var id = await RegisterAsync(leader, 1);
        var node = await Json.ReadAsync(await leader.Client.SendAsync(HttpMethod.Get, $"/v1/nodes/{id}"));
        node["ip"] = "10.9.9.9";
        var updated = await leader.Client.SendAsync(HttpMethod.Put, $"/v1/nodes/{id}", node.ToJsonString());
        Assert.Equal(HttpStatusCode.OK, updated.StatusCode);

        // The other instance learns the new address from the change feed, not from a restart.
        await WaitUntilAsync(() => other.Services.GetRequiredService<HealthRegistry>().Find(Guid.Parse(id))?.Spec.Ip == "10.9.9.9", "the change reaches the other instance");
        await using var agent = new Agent(other, id, observedIp: "10.9.9.9");
        await agent.BeatForAsync(TimeSpan.FromMilliseconds(600));

        Assert.DoesNotContain((await HealthAsync(other, id)).Conditions, c => c.Type == "AddressDrift");
    }

    private async Task<(ServerInstance Leader, ServerInstance Other)> StartPairAsync()
    {
        var first = await StartAsync();
        await WaitUntilAsync(() => first.Services.GetRequiredService<ClusterHealth>().SweeperLeader, "the first silo leads");
        var second = await StartAsync();
        await Task.Delay(300); // several sweeps of the second instance
        Assert.False(second.Services.GetRequiredService<ClusterHealth>().SweeperLeader);
        return (first, second);
    }

    private async Task<ServerInstance> StartAsync()
    {
        var server = await ServerInstance.StartAsync(_store.Args, [.. Timings, .. ClusterArgs()]);
        _owned.Add(server);
        return server;
    }

    private async Task StopAsync(ServerInstance server)
    {
        _owned.Remove(server);
        await server.DisposeAsync();
    }

    private static async Task<string> RegisterAsync(ServerInstance server, int i)
    {
        var extra = $",\"managementAddress\":\"127.0.0.1\",\"agentPort\":{LoopbackHost.FreePort()}"; // nothing answers the probe
        var response = await server.Client.SendAsync(HttpMethod.Post, "/v1/nodes", Json.NodeJson(i, extra));
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return (await Json.ReadAsync(response))["id"]!.GetValue<string>();
    }

    private static async Task<NodeHealth> HealthAsync(ServerInstance server, string id)
    {
        using var channel = TestGrpcChannel.ForAddress(server.Grpc);
        return await new HealthService.HealthServiceClient(channel).GetNodeHealthAsync(new GetNodeHealthRequest { NodeId = id }, deadline: DateTime.UtcNow.AddSeconds(10));
    }

    private static async Task<NodeHealth> WaitForAsync(ServerInstance server, string id, Func<NodeHealth, bool> condition)
    {
        NodeHealth? last = null;
        await WaitUntilAsync(async () => condition(last = await HealthAsync(server, id)), $"health condition on node {id}", () => $"last: {last}");
        return last!;
    }

    private static Task WaitUntilAsync(Func<bool> condition, string what) => WaitUntilAsync(() => Task.FromResult(condition()), what, () => "");

    private static async Task WaitUntilAsync(Func<Task<bool>> condition, string what, Func<string> detail)
    {
        var deadline = DateTime.UtcNow.AddSeconds(20);
        while (!await condition())
        {
            if (DateTime.UtcNow > deadline)
            {
                throw new Xunit.Sdk.XunitException($"not reached in 20 s: {what}; {detail()}");
            }

            await Task.Delay(50);
        }
    }

    private History WatchAll(ServerInstance server)
    {
        var history = new History(server);
        _owned.Add(history);
        return history;
    }

    /// <summary>Every health event from the start of the feed, collected in the background until disposed.</summary>
    private sealed class History : IAsyncDisposable
    {
        private readonly ConcurrentQueue<NodeHealth> _seen = new();
        private readonly CancellationTokenSource _stop = new(TimeSpan.FromMinutes(2));
        private readonly GrpcChannel _channel;
        private readonly Task _reading;

        public History(ServerInstance server)
        {
            _channel = TestGrpcChannel.ForAddress(server.Grpc);
            _reading = Task.Run(async () =>
            {
                using var call = new HealthService.HealthServiceClient(_channel).WatchNodeHealth(new WatchNodeHealthRequest(), cancellationToken: _stop.Token);
                while (await call.ResponseStream.MoveNext(_stop.Token))
                {
                    _seen.Enqueue(call.ResponseStream.Current.Health);
                }
            });
        }

        public IEnumerable<HealthStatus> Statuses(string id) => _seen.Where(h => h.NodeId == id).Select(h => h.Status);

        /// <summary>Waits (up to 10 s) until the watch has delivered <paramref name="status"/> for the node.</summary>
        public async Task SeenAsync(string id, HealthStatus status)
        {
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
            while (!Statuses(id).Contains(status))
            {
                await Task.Delay(TimeSpan.FromMilliseconds(20), timeout.Token);
            }
        }

        public async ValueTask DisposeAsync()
        {
            await _stop.CancelAsync();
            await Task.WhenAny(_reading, Task.Delay(TimeSpan.FromSeconds(10)));
            _channel.Dispose();
            _stop.Dispose();
        }
    }

    /// <summary>A heartbeat stream to one instance; disposing it breaks the stream without goodbye.</summary>
    private sealed class Agent(ServerInstance server, string id, string? observedIp = null) : IAsyncDisposable
    {
        private readonly GrpcChannel _channel = TestGrpcChannel.ForAddress(server.Grpc);
        private readonly CancellationTokenSource _cancel = new(TimeSpan.FromMinutes(1));
        private AsyncDuplexStreamingCall<Heartbeat, HeartbeatAck>? _call;
        private ulong _seq;

        public async Task BeatForAsync(TimeSpan duration)
        {
            _call ??= new HealthService.HealthServiceClient(_channel).StreamHeartbeats(cancellationToken: _cancel.Token);
            var end = DateTime.UtcNow + duration;
            do
            {
                var beat = new Heartbeat { NodeId = id, Seq = ++_seq };
                if (observedIp is not null)
                {
                    beat.Observed = new ObservedAddresses { Ip = observedIp };
                }

                await _call.RequestStream.WriteAsync(beat);
                Assert.True(await _call.ResponseStream.MoveNext(_cancel.Token));
                Assert.Equal(_seq, _call.ResponseStream.Current.Seq);
                await Task.Delay(500);
            }
            while (DateTime.UtcNow < end);
        }

        public async ValueTask DisposeAsync()
        {
            await _cancel.CancelAsync();
            _call?.Dispose();
            _channel.Dispose();
            _cancel.Dispose();
            await Task.CompletedTask;
        }
    }
}
