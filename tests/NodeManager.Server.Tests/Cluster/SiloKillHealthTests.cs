using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using Grpc.Core;
using Grpc.Net.Client;
using NodeManager.Contracts.V1;
using NodeManager.Server.Tests.Infrastructure;
using NodeManager.Testing;
using Xunit.Abstractions;

namespace NodeManager.Server.Tests.Cluster;

/// <summary>
/// Three silos as real processes; <c>kill -9</c> of the oldest one (it leads the health sweep) while it holds
/// the heartbeat streams of 40 agents. Half of them survive and reconnect to another silo at once: their nodes
/// never leave READY. The other half died with the silo: their nodes are judged NOT_READY once the others
/// declare the silo dead and the next oldest leads. Agents on another silo are never disturbed. Timings as
/// the measurement: interval 1 s, grace 4 s.
/// </summary>
[RequiresPostgres]
public sealed class SiloKillHealthTests(ITestOutputHelper output)
{
    [RedisFact]
    public async Task OldestSiloKilled_ReconnectedAgentsStayReady_AgentsThatDiedWithItAreJudged()
    {
        await using var cluster = await SiloCluster.StartAsync(3, null, ClusterArgs.FastHealth());
        var (victim, second, third) = (cluster.Silos[0], cluster.Silos[1], cluster.Silos[2]);
        var channels = cluster.Silos.Select(s => TestGrpcChannel.ForAddress(s.Grpc)).ToList();
        var agents = new List<RoamingAgent>();
        try
        {
            var survivors = await RegisterAsync(third, 0, 20);
            var doomed = await RegisterAsync(third, 20, 20);
            var bystanders = await RegisterAsync(third, 40, 20);
            agents.AddRange(survivors.Select(id => new RoamingAgent(id, channels, first: 0)));
            var doomedAgents = doomed.Select(id => new RoamingAgent(id, channels, first: 0)).ToList();
            agents.AddRange(doomedAgents);
            agents.AddRange(bystanders.Select(id => new RoamingAgent(id, channels, first: 1)));
            var all = survivors.Concat(doomed).Concat(bystanders).ToList();
            await WaitUntilAsync(third, all, HealthStatus.Ready, TimeSpan.FromSeconds(60));

            await using var history = new HealthHistory(channels[2]);
            await history.LiveAsync(third);

            // The silo and the agents of "doomed" die together; the survivors' streams break and they move on.
            var killed = Stopwatch.StartNew();
            await Task.WhenAll(doomedAgents.Select(a => a.DieAsync()));
            await victim.KillHardAsync();

            await WaitUntilAsync(third, doomed, HealthStatus.NotReady, TimeSpan.FromSeconds(60));
            output.WriteLine($"all {doomed.Count} nodes whose agents died with the silo NOT_READY {killed.Elapsed.TotalSeconds:F1} s after the kill " +
                $"(grace 4 s + the silo declared dead + the next oldest leads)");
            await Task.Delay(TimeSpan.FromSeconds(5)); // several more intervals: a late false verdict would show now

            var moved = agents.Take(20).ToList();
            Assert.All(moved, a => Assert.True(a.Moves >= 1, $"agent of {a.NodeId} never moved off the killed silo"));
            Assert.All(moved, a => Assert.True(a.Current != 0, $"agent of {a.NodeId} is still on the killed silo"));
            foreach (var id in survivors.Concat(bystanders))
            {
                Assert.DoesNotContain(history.Statuses(id), s => s is HealthStatus.NotReady or HealthStatus.Down);
                Assert.Equal(HealthStatus.Ready, await StatusOf(second, id));
            }

            foreach (var id in doomed)
            {
                Assert.Contains(HealthStatus.NotReady, history.Statuses(id));
            }
        }
        finally
        {
            foreach (var agent in agents)
            {
                await agent.DisposeAsync();
            }

            channels.ForEach(c => c.Dispose());
        }
    }

    /// <summary>Nodes whose agents answer no probe (management address loopback, a port nothing listens on).</summary>
    private static async Task<List<string>> RegisterAsync(ServerProcess silo, int first, int count)
    {
        var ids = new List<string>();
        for (var i = first; i < first + count; i++)
        {
            var extra = $",\"managementAddress\":\"127.0.0.1\",\"agentPort\":{LoopbackHost.FreePort()}";
            var response = await silo.Client.SendAsync(HttpMethod.Post, "/v1/nodes", Json.NodeJson(i + 1, extra));
            Assert.Equal(HttpStatusCode.Created, response.StatusCode);
            ids.Add((await Json.ReadAsync(response))["id"]!.GetValue<string>());
        }

        return ids;
    }

    private static async Task<HealthStatus> StatusOf(ServerProcess silo, string id)
    {
        using var channel = TestGrpcChannel.ForAddress(silo.Grpc);
        var health = await new HealthService.HealthServiceClient(channel)
            .GetNodeHealthAsync(new GetNodeHealthRequest { NodeId = id }, deadline: DateTime.UtcNow.AddSeconds(10));
        return health.Status;
    }

    private static async Task WaitUntilAsync(ServerProcess silo, IReadOnlyCollection<string> ids, HealthStatus status, TimeSpan limit)
    {
        var deadline = DateTime.UtcNow + limit;
        var pending = ids.ToHashSet();
        while (pending.Count > 0)
        {
            foreach (var id in pending.ToList())
            {
                if (await StatusOf(silo, id) == status)
                {
                    pending.Remove(id);
                }
            }

            if (pending.Count > 0 && DateTime.UtcNow > deadline)
            {
                throw new Xunit.Sdk.XunitException($"{pending.Count} of {ids.Count} nodes not {status} within {limit.TotalSeconds:0} s, e.g. {pending.First()}");
            }

            await Task.Delay(100);
        }
    }

    /// <summary>
    /// An agent that heartbeats every second on one stream and, when the stream breaks or a silo refuses it,
    /// moves to the next silo at once (as NodeManager.Agent does with several endpoints). Runs until it dies.
    /// </summary>
    private sealed class RoamingAgent : IAsyncDisposable
    {
        private readonly CancellationTokenSource _life = new(TimeSpan.FromMinutes(3));
        private readonly IReadOnlyList<GrpcChannel> _channels;
        private readonly Task _running;
        private ulong _seq;

        public RoamingAgent(string nodeId, IReadOnlyList<GrpcChannel> channels, int first)
        {
            NodeId = nodeId;
            _channels = channels;
            Current = first;
            _running = Task.Run(RunAsync);
        }

        public string NodeId { get; }

        /// <summary>The silo it heartbeats to.</summary>
        public int Current { get; private set; }

        public int Moves { get; private set; }

        private async Task RunAsync()
        {
            while (!_life.IsCancellationRequested)
            {
                try
                {
                    using var call = new HealthService.HealthServiceClient(_channels[Current]).StreamHeartbeats(cancellationToken: _life.Token);
                    while (true)
                    {
                        await call.RequestStream.WriteAsync(new Heartbeat { NodeId = NodeId, Seq = ++_seq });
                        if (!await call.ResponseStream.MoveNext(_life.Token))
                        {
                            break;
                        }

                        await Task.Delay(TimeSpan.FromSeconds(1), _life.Token);
                    }
                }
                catch (Exception ex) when (ex is RpcException or IOException or InvalidOperationException && !_life.IsCancellationRequested)
                {
                }
                catch (OperationCanceledException) when (_life.IsCancellationRequested)
                {
                    return;
                }

                Current = (Current + 1) % _channels.Count;
                Moves++;
                await Task.Delay(TimeSpan.FromMilliseconds(Random.Shared.Next(50, 300)), CancellationToken.None);
            }
        }

        /// <summary>Stops without goodbye, as an agent whose machine died.</summary>
        public async Task DieAsync()
        {
            await _life.CancelAsync();
            await Task.WhenAny(_running, Task.Delay(TimeSpan.FromSeconds(10)));
        }

        public async ValueTask DisposeAsync()
        {
            await DieAsync();
            _life.Dispose();
        }
    }

    /// <summary>Every health event a silo's watch delivers, collected in the background.</summary>
    private sealed class HealthHistory : IAsyncDisposable
    {
        private readonly ConcurrentQueue<NodeHealth> _seen = new();
        private readonly CancellationTokenSource _stop = new(TimeSpan.FromMinutes(3));
        private readonly AsyncServerStreamingCall<NodeHealthEvent> _call;
        private readonly Task _reading;

        public HealthHistory(GrpcChannel channel)
        {
            _call = new HealthService.HealthServiceClient(channel).WatchNodeHealth(new WatchNodeHealthRequest { FromNow = true }, cancellationToken: _stop.Token);
            _reading = Task.Run(async () =>
            {
                while (await _call.ResponseStream.MoveNext(_stop.Token))
                {
                    _seen.Enqueue(_call.ResponseStream.Current.Health);
                }
            });
        }

        /// <summary>Waits until the watch delivers events: a heartbeat of a fresh node through <paramref name="silo"/> is one.</summary>
        public async Task LiveAsync(ServerProcess silo)
        {
            var probe = (await RegisterAsync(silo, 100, 1))[0];
            Assert.Equal(HttpStatusCode.OK, (await silo.Client.SendAsync(HttpMethod.Post, $"/v1/nodes/{probe}/heartbeat", """{"seq":"1"}""")).StatusCode);
            var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(20);
            while (!_seen.Any(h => h.NodeId == probe) && DateTime.UtcNow < deadline)
            {
                await Task.Delay(50);
            }

            Assert.Contains(_seen, h => h.NodeId == probe);
        }

        public IEnumerable<HealthStatus> Statuses(string id) => _seen.Where(h => h.NodeId == id).Select(h => h.Status);

        public async ValueTask DisposeAsync()
        {
            await _stop.CancelAsync();
            await Task.WhenAny(_reading, Task.Delay(TimeSpan.FromSeconds(10)));
            _call.Dispose();
            _stop.Dispose();
        }
    }
}
