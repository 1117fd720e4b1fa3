using NodeManager.Contracts.V1;
using NodeManager.Server.Tests.Infrastructure;
using NodeManager.Testing;

namespace NodeManager.Server.Tests.Health;

/// <summary>
/// A DECOMMISSIONED node's silence is not judged, end to end (interval 200 ms, grace 5 s, DOWN after 6 s,
/// sweep every 100 ms, probe timeout 300 ms). The node is READY and nothing answers its probe, so it must
/// not go stale before it is decommissioned: the grace is long so that the transitions (and the change
/// feed that brings them back to the health registry) may take seconds on a loaded machine; the test then
/// waits past the DOWN-after period.
/// </summary>
public abstract class DecommissionedHealthTestsBase : HealthTestsBase
{
    protected override string[] ExtraArgs =>
    [
        "--NodeManager:Health:HeartbeatInterval=00:00:00.2",
        "--NodeManager:Health:GracePeriod=00:00:05",
        "--NodeManager:Health:DownAfter=00:00:06",
        "--NodeManager:Health:SweepInterval=00:00:00.1",
        "--NodeManager:Health:ProbeTimeout=00:00:00.3",
        "--NodeManager:Health:StartupGrace=00:00:00",
    ];

    [StoreFact]
    public async Task HeartbeatsStop_NodeDecommissioned_NeitherProbedNorJudged()
    {
        var id = await RegisterAsync(8, agentPort: LoopbackHost.FreePort());
        await HealthClient.ReportHeartbeatAsync(Beat(id, 1));
        foreach (var state in new[] { "COMMISSIONED", "MAINTENANCE", "DECOMMISSIONED" })
        {
            await TransitionAsync(id, state);
        }

        // Silence past the grace period (a probe would be due, and fail) and the DOWN-after period.
        await Task.Delay(TimeSpan.FromSeconds(8));

        var health = await HealthAsync(id);
        Assert.Equal(HealthStatus.Ready, health.Status);
        Assert.DoesNotContain(health.Conditions, c => c.Type is "ProbeFailed" or "HeartbeatMissed");
    }
}
