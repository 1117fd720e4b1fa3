using NodeManager.Simulator.Hosting;
using NodeManager.Simulator.Scenarios;

namespace NodeManager.Simulator.Tests.Hosting;

public sealed class SimulatorCommandLineTests
{
    [Fact]
    public void Parse_NoArguments_DocumentedDefaults()
    {
        var o = SimulatorCommandLine.Parse([], out var errors);
        Assert.Empty(errors);
        Assert.Equal(ScenarioKind.Steady, o.Scenario);
        Assert.Equal(1000, o.Nodes);
        Assert.Equal(16, o.Connections);
        Assert.Equal(TimeSpan.FromSeconds(60), o.Duration);
        Assert.Equal(0.01, o.FractionOrDefault);
        Assert.Equal([SimulatorOptions.DefaultServer], o.Endpoints);
        Assert.Equal(TimeSpan.FromSeconds(1), o.FailoverJitter);
    }

    [Fact]
    public void Parse_ServerRepeatedAndCommaSeparated_EveryEndpointInOrder()
    {
        var o = SimulatorCommandLine.Parse(
            ["--server", "http://127.0.0.1:5081", "--server=http://127.0.0.2:5081, http://127.0.0.3:5081", "--failover-jitter", "250ms"], out var errors);

        Assert.Empty(errors);
        Assert.Equal(["http://127.0.0.1:5081/", "http://127.0.0.2:5081/", "http://127.0.0.3:5081/"], o.Endpoints.Select(e => e.ToString()));
        Assert.Equal(TimeSpan.FromMilliseconds(250), o.FailoverJitter);
    }

    [Fact]
    public void Parse_SameServerTwice_OneEndpoint()
    {
        var o = SimulatorCommandLine.Parse(["--server", "http://127.0.0.1:5081,http://127.0.0.1:5081/"], out var errors);

        Assert.Empty(errors);
        Assert.Single(o.Endpoints);
    }

    [Fact]
    public void Parse_BadUrlInTheList_NamesIt()
    {
        SimulatorCommandLine.Parse(["--server", "http://127.0.0.1:5081,not a url"], out var errors);

        var error = Assert.Single(errors);
        Assert.StartsWith("--server 'http://127.0.0.1:5081,not a url': 'not a url' is not an absolute URL", error, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_NonLoopbackAmongSeveral_NamesIt()
    {
        SimulatorCommandLine.Parse(["--server", "http://127.0.0.1:5081", "--server", "http://10.1.1.1:5081"], out var errors);

        var error = Assert.Single(errors);
        Assert.Contains("loopback", error, StringComparison.Ordinal);
        Assert.EndsWith("http://10.1.1.1:5081/ is not.", error, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_BothSpellings_Applied()
    {
        var o = SimulatorCommandLine.Parse(["--nodes", "100_000", "--scenario=mass-outage", "--interval", "250ms", "--mode", "per-agent", "--duration=2m"], out var errors);
        Assert.Empty(errors);
        Assert.Equal(100_000, o.Nodes);
        Assert.Equal(ScenarioKind.MassOutage, o.Scenario);
        Assert.Equal(0.9, o.FractionOrDefault);
        Assert.Equal(TimeSpan.FromMilliseconds(250), o.InitialInterval);
        Assert.Equal(ConnectionMode.PerAgent, o.Mode);
        Assert.Equal(TimeSpan.FromMinutes(2), o.Duration);
    }

    [Fact]
    public void Parse_SeveralProblems_ReportsEveryOne()
    {
        SimulatorCommandLine.Parse(["--bogus", "1", "--nodes", "0", "--fraction", "2", "--scenario", "reconnect-storm", "--server", "http://10.1.1.1:5081"], out var errors);
        Assert.Contains(errors, e => e.Contains("--bogus", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.Contains("--nodes", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.Contains("--fraction", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.Contains("--restart-command", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.Contains("loopback", StringComparison.Ordinal));
    }

    [Fact]
    public void Parse_IpNet_UsedForTheNodesAddresses_LoopbackRefused()
    {
        var o = SimulatorCommandLine.Parse(["--ip-net", "11"], out var errors);
        Assert.Empty(errors);
        Assert.Equal(11, o.IpNet);
        Assert.Equal(10, SimulatorCommandLine.Parse([], out _).IpNet);
        using var channel = Grpc.Net.Client.GrpcChannel.ForAddress("http://127.0.0.1:9"); // never called: Spec only builds a message
        Assert.Equal("11.1.0.2", new NodeManager.Simulator.Wire.NodeRegistrar(new Uri("http://127.0.0.1:5080"), channel, "sim", o.IpNet, 9).Spec(65_538).Ip);

        SimulatorCommandLine.Parse(["--ip-net", "127"], out errors);
        Assert.Contains(errors, e => e.StartsWith("--ip-net must be 1..223 and not 127", StringComparison.Ordinal));
    }

    [Fact]
    public void Parse_BadValue_NamesTheOption()
    {
        SimulatorCommandLine.Parse(["--duration", "soon"], out var errors);
        Assert.Contains(errors, e => e.StartsWith("--duration 'soon'", StringComparison.Ordinal));
    }

    [Fact]
    public void Help_EveryOption_Documented()
    {
        var help = SimulatorCommandLine.Help();
        Assert.All(SimulatorCommandLine.Options, o => Assert.Contains(o.Name + " ", help, StringComparison.Ordinal));
        Assert.True(SimulatorCommandLine.IsHelp(["--nodes", "5", "--help"]));
    }
}
