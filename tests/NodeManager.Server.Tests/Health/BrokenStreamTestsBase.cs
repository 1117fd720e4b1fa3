using NodeManager.Contracts.V1;
using NodeManager.Server.Tests.Infrastructure;
using NodeManager.Testing;

namespace NodeManager.Server.Tests.Health;

/// <summary>
/// A heartbeat stream that breaks without goodbye, end to end (interval 200 ms, grace 4 s, DOWN after 8 s,
/// sweep every 100 ms, probe timeout 300 ms). The broken stream is judged by the first sweep one interval
/// after it closed, and only while the node is silent for less than the grace period: past it, silence
/// alone would be the decider (PROBE). The grace and DOWN-after are long so that a loaded machine, where
/// a sweep or the test's poll may stall for seconds, still sees that path, and NOT_READY before DOWN.
/// </summary>
public abstract class BrokenStreamTestsBase : HealthTestsBase
{
    protected override string[] ExtraArgs =>
    [
        "--NodeManager:Health:HeartbeatInterval=00:00:00.2",
        "--NodeManager:Health:GracePeriod=00:00:04",
        "--NodeManager:Health:DownAfter=00:00:08",
        "--NodeManager:Health:SweepInterval=00:00:00.1",
        "--NodeManager:Health:ProbeTimeout=00:00:00.3",
        "--NodeManager:Health:StartupGrace=00:00:00",
    ];

    [StoreFact]
    public async Task BrokenStream_AgentNotAnsweringProbe_NotReadyDecidedByStreamClosedThenDown()
    {
        var id = await RegisterAsync(2, agentPort: LoopbackHost.FreePort());
        using (var call = HealthClient.StreamHeartbeats(deadline: DateTime.UtcNow.AddSeconds(30)))
        {
            await call.RequestStream.WriteAsync(Beat(id, 1));
            Assert.True(await call.ResponseStream.MoveNext(CancellationToken.None));
        } // disposed without completing the request stream: the stream is reset, no goodbye

        var notReady = await WaitForAsync(id, h => h.Status == HealthStatus.NotReady);
        Assert.Equal((DecidedBy.StreamClosed, "StreamClosed"), (notReady.DecidedBy, notReady.Reason));
        Assert.Contains(notReady.Conditions, c => c.Type == "ProbeFailed" && c.Status);
        Assert.Equal(1, notReady.FlapCount);

        var down = await WaitForAsync(id, h => h.Status == HealthStatus.Down);
        Assert.Equal("NoContact", down.Reason);
    }
}
