using NodeManager.Simulator.Hosting;
using NodeManager.Simulator.Scenarios;
using NodeManager.Simulator.Tests.Infrastructure;
using NodeManager.Testing;

namespace NodeManager.Simulator.Tests.EndToEnd;

/// <summary>Several server endpoints against the real server over loopback: agents spread over them, and move on from one that refuses connections.</summary>
public sealed class EndpointsScenarioTests
{
    [Fact]
    public async Task RunAsync_FirstEndpointRefusesConnections_ItsAgentsMoveToTheSecond_AllConnectedAndSteady()
    {
        await using var server = await ServerHost.StartAsync();
        var closed = new Uri($"http://127.0.0.1:{LoopbackHost.FreePort()}"); // nothing listens there
        var options = new SimulatorOptions
        {
            Servers = { closed, server.Grpc },
            Rest = server.Rest,
            Scenario = ScenarioKind.Steady,
            Nodes = 200,
            Connections = 2,
            InitialInterval = TimeSpan.FromSeconds(1),
            Warmup = TimeSpan.FromSeconds(1),
            Duration = TimeSpan.FromSeconds(3),
            FailoverJitter = TimeSpan.FromMilliseconds(200),
            MaxRuntime = TimeSpan.FromSeconds(55),
            NamePrefix = "e2e-endpoints",
        };
        using var log = new StringWriter();

        var report = await new ScenarioRunner(options, log).RunAsync(CancellationToken.None).WaitAsync(TestTimeout.Default);

        // Half the agents started at the closed endpoint (round-robin); each moved on after its failed connect.
        var text = log.ToString();
        Assert.Contains($"registration and the health watch use {server.Grpc}", text, StringComparison.Ordinal);
        Assert.Contains($"connected 200 of 200 agents", text, StringComparison.Ordinal);
        Assert.Contains($"({closed} 0, {server.Grpc} 200)", text, StringComparison.Ordinal);
        Assert.Equal(new Dictionary<string, int> { [closed.ToString()] = 0, [server.Grpc.ToString()] = 200 }, report.ConnectedTo);
        Assert.Equal(4, report.Connections);
        Assert.True(report.Acked > 0);
        Assert.Empty(report.Failures);
    }
}
