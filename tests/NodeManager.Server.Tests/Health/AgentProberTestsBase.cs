using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.DependencyInjection;
using NodeManager.Core.Changes;
using NodeManager.Core.Storage;
using NodeManager.Server.Health;
using NodeManager.Server.Tests.Infrastructure;
using NodeManager.Testing;
using CoreDecidedBy = NodeManager.Core.Health.DecidedBy;
using CoreHealthStatus = NodeManager.Core.Health.HealthStatus;

namespace NodeManager.Server.Tests.Health;

/// <summary>
/// A probe that is in flight while its node leaves judgment (decommissioned or deleted): its result must be
/// dropped. The node's "agent" is a loopback socket that accepts the probe's connection and holds it, so the
/// test knows the probe is in flight; closing the socket fails the probe. Grace and probe timeout are long:
/// neither the sweeper nor the probe's own deadline acts during the test.
/// </summary>
public abstract class AgentProberTestsBase : HealthTestsBase
{
    protected override string[] ExtraArgs =>
    [
        "--NodeManager:Health:GracePeriod=00:01:00",
        "--NodeManager:Health:DownAfter=00:02:00",
        "--NodeManager:Health:ProbeTimeout=00:01:00",
        "--NodeManager:Health:StartupGrace=00:00:00",
    ];

    [StoreFact]
    public async Task ProbeAsync_NodeDecommissionedWhileInFlight_ResultDropped()
    {
        using var agent = new TcpListener(IPAddress.Loopback, 0);
        agent.Start();
        var id = await RegisterAsync(1, agentPort: ((IPEndPoint)agent.LocalEndpoint).Port);
        await HealthClient.ReportHeartbeatAsync(Beat(id, 1));
        await TransitionAsync(id, "COMMISSIONED");
        await TransitionAsync(id, "MAINTENANCE");

        var (entry, probe) = StartProbe(id);
        using (await agent.AcceptTcpClientAsync().WaitAsync(TestTimeout.Default))
        {
            await TransitionAsync(id, "DECOMMISSIONED");
        }

        await probe.WaitAsync(TestTimeout.Default);
        AssertDropped(entry);
        var health = await HealthAsync(id);
        Assert.Equal(NodeManager.Contracts.V1.HealthStatus.Ready, health.Status);
        Assert.DoesNotContain(health.Conditions, c => c.Type == "ProbeFailed");
    }

    [StoreFact]
    public async Task ProbeAsync_NodeDeletedWhileInFlight_ResultDropped()
    {
        using var agent = new TcpListener(IPAddress.Loopback, 0);
        agent.Start();
        var id = await RegisterAsync(2, agentPort: ((IPEndPoint)agent.LocalEndpoint).Port);
        await HealthClient.ReportHeartbeatAsync(Beat(id, 1));

        var (entry, probe) = StartProbe(id);
        using (await agent.AcceptTcpClientAsync().WaitAsync(TestTimeout.Default))
        {
            var deleted = await Client.SendAsync(HttpMethod.Delete, $"/v1/nodes/{id}");
            Assert.True(deleted.IsSuccessStatusCode, $"delete answered {deleted.StatusCode}");
        }

        await probe.WaitAsync(TestTimeout.Default);
        AssertDropped(entry);
        var feed = Server.Services.GetRequiredService<IChangeFeed>();
        var events = await feed.ReadEventsAsync(0, 1000, CancellationToken.None).WaitAsync(TestTimeout.Default);
        var deletedAt = events.Single(e => e.Kind == ChangeKind.NodeDeleted).Revision;
        Assert.DoesNotContain(events, e => e.Kind == ChangeKind.HealthChanged && e.Revision > deletedAt);
    }

    /// <summary>Starts a probe of the node as the sweeper does (in flight flagged first); the node must be READY.</summary>
    private (NodeHealthEntry Entry, Task Probe) StartProbe(string id)
    {
        var entry = Server.Services.GetRequiredService<HealthRegistry>().Find(Guid.Parse(id))!;
        lock (entry.Gate)
        {
            Assert.Equal(CoreHealthStatus.Ready, entry.Status);
            entry.ProbeInFlight = true;
        }

        var probe = Server.Services.GetRequiredService<AgentProber>().ProbeAsync(entry, CoreDecidedBy.Heartbeat, CancellationToken.None);
        return (entry, probe);
    }

    private static void AssertDropped(NodeHealthEntry entry)
    {
        lock (entry.Gate)
        {
            Assert.False(entry.ProbeInFlight);
            Assert.Equal(CoreHealthStatus.Ready, entry.Status);
            Assert.DoesNotContain(entry.State.Conditions, c => c.Type == "ProbeFailed");
        }
    }
}
