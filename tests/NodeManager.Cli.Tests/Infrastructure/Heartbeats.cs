using NodeManager.Contracts.V1;
using NodeManager.Testing;

namespace NodeManager.Cli.Tests.Infrastructure;

/// <summary>What an agent would send (nmctl sends no heartbeats): one heartbeat makes a new node READY.</summary>
public static class Heartbeats
{
    public static async Task<HeartbeatAck> SendAsync(ServerFixture fixture, string nodeId) =>
        await new HealthService.HealthServiceClient(fixture.Channel)
            .ReportHeartbeatAsync(new Heartbeat { NodeId = nodeId, Seq = 1 }, deadline: DateTime.UtcNow + TestTimeout.Default);
}
