using NodeManager.Simulator.Hosting;
using NodeManager.Simulator.Scenarios;
using NodeManager.Simulator.Tests.Infrastructure;
using NodeManager.Testing;

namespace NodeManager.Simulator.Tests.EndToEnd;

/// <summary>The simulator against the real server over loopback: correctness, not speed.</summary>
public sealed class KillScenarioTests
{
    [Fact]
    public async Task RunAsync_KillFivePercentOfThousandAgents_EveryVictimNotReadyAndNoFalseTransitions()
    {
        await using var server = await ServerHost.StartAsync();
        var options = new SimulatorOptions
        {
            Servers = { server.Grpc },
            Rest = server.Rest,
            Scenario = ScenarioKind.Kill,
            Nodes = 1000,
            Connections = 4,
            Fraction = 0.05,
            InitialInterval = TimeSpan.FromSeconds(1),
            Warmup = TimeSpan.FromSeconds(2),
            Duration = TimeSpan.FromSeconds(4),
            DetectTimeout = TimeSpan.FromSeconds(30),
            MaxRuntime = TimeSpan.FromSeconds(55),
            NamePrefix = "e2e",
        };

        var report = await new ScenarioRunner(options, TextWriter.Null).RunAsync(CancellationToken.None).WaitAsync(TestTimeout.Default);

        Assert.Equal(50, report.Victims);
        Assert.Equal(report.Victims, report.Detected);

        // The server decides after the kill (its probe waits one interval after the stream broke) and before the
        // watch shows it; both clocks are this machine's (a few ms of rounding allowed).
        Assert.NotNull(report.DecideP50S);
        Assert.InRange(report.DecideP50S!.Value, 0.5, report.DetectP50S!.Value + 0.05);
        Assert.InRange(report.DecideMaxS!.Value, report.DecideP99S!.Value, report.DetectMaxS!.Value + 0.05);
        Assert.Equal(0, report.FalseTransitions);
        Assert.Equal(0, report.Lost);
        Assert.True(report.Acked > 0);
        Assert.Empty(report.Failures);
    }
}
