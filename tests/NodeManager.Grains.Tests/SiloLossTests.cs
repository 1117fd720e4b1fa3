using NodeManager.Core.Storage;
using NodeManager.Testing;

namespace NodeManager.Grains.Tests;

/// <summary>
/// What a NodeGrain acknowledged is the store's, not the silo's: when the silo holding the grains is killed,
/// they come back on a live silo with every acknowledged write. A cluster of its own, since a silo dies.
/// </summary>
public sealed class SiloLossTests : IAsyncLifetime
{
    private readonly NodeGrainCluster _cluster = new();

    public Task InitializeAsync() => _cluster.InitializeAsync();

    public Task DisposeAsync() => _cluster.DisposeAsync();

    [Fact]
    public async Task Grains_of_a_killed_silo_come_back_elsewhere_with_every_acknowledged_write()
    {
        var nodes = Enumerable.Range(100, 20).Select(NodeGrainTests.TestNode).ToList();
        foreach (var node in nodes)
        {
            Assert.Equal(WriteOutcome.Ok, (await _cluster.Through(1, node.Id).CreateAsync(node, "user:test").WaitAsync(TestTimeout.Default)).Value.Outcome);
            var updated = (await _cluster.Through(1, node.Id).UpdateAsync(node.Spec with { Veth = "veth-after" }, 1, node.UpdateTime, "user:test")).Value;
            Assert.Equal(2, updated.Node!.Version);
        }

        var victim = _cluster.Cluster.Silos[1];
        Assert.All(nodes, n => Assert.Equal(victim.SiloAddress, _cluster.HostOf(n.Id)));
        await _cluster.Cluster.KillSiloAsync(victim).WaitAsync(TestTimeout.Default);
        await _cluster.Cluster.WaitForLivenessToStabilizeAsync(didKill: true).WaitAsync(TestTimeout.Default);

        foreach (var node in nodes)
        {
            var snapshot = (await _cluster.Through(0, node.Id).GetAsync().AsTask().WaitAsync(TestTimeout.Default)).Value!;
            Assert.Equal(2, snapshot.Node.Version);
            Assert.Equal("veth-after", snapshot.Node.Spec.Veth);
            Assert.NotEqual(victim.SiloAddress, _cluster.HostOf(node.Id));
        }
    }

    [Fact]
    public async Task A_silo_that_joins_holds_the_nodes_first_called_through_it()
    {
        var joined = await _cluster.Cluster.StartAdditionalSiloAsync().WaitAsync(TestTimeout.Default);
        await _cluster.Cluster.WaitForLivenessToStabilizeAsync().WaitAsync(TestTimeout.Default);
        var index = _cluster.IndexOf(joined.SiloAddress);
        var nodes = Enumerable.Range(200, 10).Select(NodeGrainTests.TestNode).ToList();
        foreach (var node in nodes)
        {
            Assert.Equal(WriteOutcome.Ok, (await _cluster.Through(index, node.Id).CreateAsync(node, "user:test").WaitAsync(TestTimeout.Default)).Value.Outcome);
        }

        Assert.All(nodes, n => Assert.Equal(joined.SiloAddress, _cluster.HostOf(n.Id)));
        Assert.Equal(nodes[0].Spec, (await _cluster.Through(0, nodes[0].Id).GetAsync()).Value!.Node.Spec);
    }
}
