using System.Net;
using Grpc.Core;
using NodeManager.Contracts.V1;
using NodeManager.Server.Tests.Infrastructure;
using NodeManager.Testing;
using Xunit.Abstractions;

namespace NodeManager.Server.Tests.Cluster;

/// <summary>
/// Two silos as real processes. A node's grain is activated on the oldest silo (its node is created and read there);
/// its agent then streams to the other silo, with plain heartbeats only, which never call the grain. The node's
/// health read through either silo is answered by the grain and carries a heartbeat time no older than about one
/// interval: the grain, not on the stream's silo, reads the time the stream's silo writes to the store every
/// sweep. Before NodeGrains answered it, the oldest silo answered from its own table, where the node's last
/// heartbeat was the one that made it READY (6.2 s old here).
/// </summary>
[RequiresPostgres]
public sealed class HealthFreshnessTests(ITestOutputHelper output)
{
    private static readonly TimeSpan Interval = TimeSpan.FromSeconds(1);

    [RedisFact]
    public async Task StreamOnOtherSilo_HealthThroughEitherSiloIsFresh()
    {
        await using var cluster = await SiloCluster.StartAsync(2, null, ClusterArgs.FastHealth());
        var (oldest, streamSilo) = (cluster.Silos[0], cluster.Silos[1]);
        var created = await oldest.Client.SendAsync(HttpMethod.Post, "/v1/nodes", Json.NodeJson(1));
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var id = (await Json.ReadAsync(created))["id"]!.GetValue<string>();
        Assert.Equal(HttpStatusCode.OK, (await oldest.Client.SendAsync(HttpMethod.Get, $"/v1/nodes/{id}")).StatusCode);

        using var streamChannel = TestGrpcChannel.ForAddress(streamSilo.Grpc);
        using var readChannel = TestGrpcChannel.ForAddress(oldest.Grpc);
        using var life = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        using var call = new HealthService.HealthServiceClient(streamChannel).StreamHeartbeats(cancellationToken: life.Token);
        var agent = Task.Run(async () =>
        {
            for (ulong seq = 1; seq <= 120 && !life.IsCancellationRequested; seq++)
            {
                await call.RequestStream.WriteAsync(new Heartbeat { NodeId = id, Seq = seq });
                Assert.True(await call.ResponseStream.MoveNext(life.Token));
                Assert.Equal(seq, call.ResponseStream.Current.Seq);
                await Task.Delay(Interval, life.Token);
            }
        });

        var health = new HealthService.HealthServiceClient(readChannel);
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(30);
        while ((await health.GetNodeHealthAsync(new GetNodeHealthRequest { NodeId = id })).Status != HealthStatus.Ready)
        {
            Assert.True(DateTime.UtcNow < deadline, "the node did not become READY within 30 s");
            await Task.Delay(100);
        }

        // Six intervals more: by now the READY heartbeat is seconds old, and only the stream's silo knows the newer ones.
        await Task.Delay(Interval * 6);
        for (var i = 0; i < 5; i++)
        {
            foreach (var (name, channel) in new[] { ("oldest", readChannel), ("stream", streamChannel) })
            {
                var read = await new HealthService.HealthServiceClient(channel).GetNodeHealthAsync(new GetNodeHealthRequest { NodeId = id });
                var age = DateTimeOffset.UtcNow - read.LastHeartbeatTime.ToDateTimeOffset();
                output.WriteLine($"through the {name} silo: {read.Status}, last heartbeat {age.TotalMilliseconds:F0} ms ago");
                Assert.Equal(HealthStatus.Ready, read.Status);
                Assert.True(age < Interval * 2.5, $"through the {name} silo the last heartbeat is {age.TotalSeconds:F1} s old (interval 1 s)");
            }

            await Task.Delay(Interval);
        }

        await life.CancelAsync();
        await agent.ContinueWith(_ => { }, TaskScheduler.Default); // ended by the cancellation above
    }
}
