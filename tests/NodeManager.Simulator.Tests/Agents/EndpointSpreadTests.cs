using NodeManager.Simulator.Agents;
using NodeManager.Simulator.Hosting;
using NodeManager.Simulator.Measure;

namespace NodeManager.Simulator.Tests.Agents;

public sealed class EndpointSpreadTests
{
    [Theory]
    [InlineData(10, 3)]
    [InlineData(100_000, 3)]
    [InlineData(7, 2)]
    [InlineData(5, 1)]
    public void First_ManyAgents_RoundRobinEveryEndpointNearlyTheSameNumber(int agents, int endpoints)
    {
        var counts = new int[endpoints];
        for (var i = 0; i < agents; i++)
        {
            counts[EndpointSpread.First(i, endpoints)]++;
        }

        Assert.Equal(agents, counts.Sum());
        Assert.True(counts.Max() - counts.Min() <= 1, $"agents per endpoint {counts.Min()}..{counts.Max()}");
    }

    [Fact]
    public void Next_ThroughEveryEndpoint_WrapsToTheFirst() =>
        Assert.Equal([2, 0, 1, 2], new[] { 1, 2, 0, 1 }.Select(e => EndpointSpread.Next(e, 3)));

    [Theory]
    [InlineData(2, 16)]
    [InlineData(3, 4)]
    [InlineData(1, 16)]
    public void Connection_AgentsStartingAtOneEndpoint_UseEachOfItsConnectionsEvenly(int endpoints, int connections)
    {
        var agents = endpoints * connections * 10;
        var streams = new int[endpoints, connections];
        for (var i = 0; i < agents; i++)
        {
            streams[EndpointSpread.First(i, endpoints), EndpointSpread.Connection(i, endpoints, connections)]++;
        }

        Assert.All(streams.Cast<int>(), n => Assert.Equal(10, n));
    }

    [Fact]
    public async Task AgentFleet_ThreeEndpoints_AgentsStartRoundRobin()
    {
        var options = new SimulatorOptions { Servers = { new("http://127.0.0.1:5081"), new("http://127.0.0.1:5082"), new("http://127.0.0.1:5083") } };
        await using var fleet = new AgentFleet(options, [.. Enumerable.Range(0, 7).Select(i => $"node-{i}")], new FleetCounters(3));

        Assert.Equal([0, 1, 2, 0, 1, 2, 0], fleet.Agents.Select(a => a.Endpoint));
        Assert.Equal([0, 0, 0], fleet.ConnectedPerEndpoint());
    }
}
