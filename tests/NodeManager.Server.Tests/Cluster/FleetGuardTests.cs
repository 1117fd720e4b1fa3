using Grpc.Core;
using Grpc.Net.Client;
using NodeManager.Contracts.V1;
using NodeManager.Server.Tests.Infrastructure;
using NodeManager.Testing;
using Xunit.Abstractions;

namespace NodeManager.Server.Tests.Cluster;

/// <summary>
/// Two silos as real processes, every agent streaming to the younger one (the oldest leads the health sweep and
/// sees those nodes only through the heartbeat times the other flushes). Agents that hang — stream open, no more
/// heartbeats — are judged by the leader: a few are NOT_READY within seconds, with the guard off on both silos;
/// most of them at once trip the disruption guard, which both silos show (the younger one reads the leader's
/// verdict from the FleetHealthGrain) while those nodes stay READY.
/// </summary>
[RequiresPostgres]
public sealed class FleetGuardTests(ITestOutputHelper output)
{
    private const int Nodes = 20;

    [RedisFact]
    public async Task HungAgentsOnAnotherSilo_FewAreJudged_ManyTripTheGuardOnEverySilo()
    {
        await using var cluster = await SiloCluster.StartAsync(2, null, ClusterArgs.FastHealth("--NodeManager:Health:DisruptionMinNodes=5"));
        var (leader, younger) = (cluster.Silos[0], cluster.Silos[1]);
        using var leaderChannel = TestGrpcChannel.ForAddress(leader.Grpc);
        using var youngerChannel = TestGrpcChannel.ForAddress(younger.Grpc);
        var ids = new List<string>();
        for (var i = 0; i < Nodes; i++)
        {
            // Management address loopback on a port nothing listens on: a probe of a hung agent fails.
            var created = await younger.Client.SendAsync(HttpMethod.Post, "/v1/nodes", Json.NodeJson(i + 1, $",\"managementAddress\":\"127.0.0.1\",\"agentPort\":{LoopbackHost.FreePort()}"));
            ids.Add((await Json.ReadAsync(created))["id"]!.GetValue<string>());
        }

        var agents = ids.Select(id => new HangableAgent(id, youngerChannel)).ToList();
        try
        {
            await WaitForAsync(leaderChannel, ids, HealthStatus.Ready, TimeSpan.FromSeconds(30));

            // A few hang: judged by the leader, the guard stays off.
            agents[0].Hang();
            agents[1].Hang();
            await WaitForAsync(leaderChannel, ids.Take(2), HealthStatus.NotReady, TimeSpan.FromSeconds(30));
            Assert.False(await GuardAsync(leaderChannel));
            Assert.False(await GuardAsync(youngerChannel));
            foreach (var id in ids.Skip(2))
            {
                Assert.Equal(HealthStatus.Ready, await StatusAsync(leaderChannel, id));
            }

            // Most of the rest hang at once: the guard trips, both silos show it, and those nodes stay READY.
            var cohort = ids.Skip(2).Take(12).ToList();
            agents.Skip(2).Take(12).ToList().ForEach(a => a.Hang());
            var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(20);
            while (!(await GuardAsync(leaderChannel) && await GuardAsync(youngerChannel)))
            {
                Assert.True(DateTime.UtcNow < deadline, "the guard was not shown active by both silos within 20 s");
                await Task.Delay(100);
            }

            output.WriteLine("guard active on both silos");
            await Task.Delay(TimeSpan.FromSeconds(8)); // twice the grace: without the guard these would be NOT_READY by now
            foreach (var id in cohort)
            {
                Assert.Equal(HealthStatus.Ready, await StatusAsync(youngerChannel, id));
            }
        }
        finally
        {
            foreach (var agent in agents)
            {
                await agent.DisposeAsync();
            }
        }
    }

    private static async Task<bool> GuardAsync(GrpcChannel channel)
    {
        var list = await new HealthService.HealthServiceClient(channel).ListNodeHealthAsync(new ListNodeHealthRequest { PageSize = 1 });
        return list.ClusterConditions.Single(c => c.Type == "DisruptionGuard").Status;
    }

    private static async Task<HealthStatus> StatusAsync(GrpcChannel channel, string id) =>
        (await new HealthService.HealthServiceClient(channel).GetNodeHealthAsync(new GetNodeHealthRequest { NodeId = id }, deadline: DateTime.UtcNow.AddSeconds(10))).Status;

    private static async Task WaitForAsync(GrpcChannel channel, IEnumerable<string> ids, HealthStatus status, TimeSpan limit)
    {
        var deadline = DateTime.UtcNow + limit;
        foreach (var id in ids)
        {
            while (await StatusAsync(channel, id) != status)
            {
                Assert.True(DateTime.UtcNow < deadline, $"node {id} not {status} within {limit.TotalSeconds:0} s");
                await Task.Delay(100);
            }
        }
    }

    /// <summary>An agent heartbeating every second on one stream, until it hangs: the stream stays open, silent.</summary>
    private sealed class HangableAgent : IAsyncDisposable
    {
        private readonly CancellationTokenSource _life = new(TimeSpan.FromMinutes(3));
        private readonly AsyncDuplexStreamingCall<Heartbeat, HeartbeatAck> _call;
        private readonly Task _running;
        private volatile bool _hung;

        public HangableAgent(string nodeId, GrpcChannel channel)
        {
            _call = new HealthService.HealthServiceClient(channel).StreamHeartbeats(cancellationToken: _life.Token);
            _running = Task.Run(async () =>
            {
                for (ulong seq = 1; seq <= 180 && !_hung; seq++)
                {
                    await _call.RequestStream.WriteAsync(new Heartbeat { NodeId = nodeId, Seq = seq });
                    if (!await _call.ResponseStream.MoveNext(_life.Token))
                    {
                        return;
                    }

                    await Task.Delay(TimeSpan.FromSeconds(1), _life.Token);
                }
            });
        }

        public void Hang() => _hung = true;

        public async ValueTask DisposeAsync()
        {
            await _life.CancelAsync();
            await _running.ContinueWith(_ => { }, TaskScheduler.Default); // ended by the cancellation above
            _call.Dispose();
            _life.Dispose();
        }
    }
}
