using NodeManager.Abstractions.Nodes;
using NodeManager.Testing;

namespace NodeManager.Grains.Tests;

/// <summary>
/// Where a NodeGrain decides: on the silo of its node's stream. A grain activated elsewhere (here: read through
/// silo 0) and then reached by a heartbeat from a stream on silo 2 answers that call where it is, says it is not
/// local, and moves to silo 2 (placement hint and MigrateOnIdle); the stream's next heartbeat is a local call there.
/// A single heartbeat (no stream to follow) moves nothing.
/// </summary>
[Collection(NodeGrainClusterCollection.Name)]
public sealed class HealthPlacementTests(NodeGrainCluster fixture)
{
    [Fact]
    public async Task A_grain_reached_from_a_stream_on_another_silo_moves_to_that_silo()
    {
        var id = Guid.NewGuid();
        await fixture.Through(0, id).GetHealthAsync().AsTask().WaitAsync(TestTimeout.Default);
        Assert.Equal(0, fixture.IndexOf(fixture.HostOf(id)));

        var streamSilo = fixture.Cluster.Silos[2].SiloAddress;
        var first = await fixture.Through(2, id).HeartbeatAsync(Report(streamSilo)).WaitAsync(TestTimeout.Default);
        Assert.True(first.Found);
        Assert.False(first.Local); // answered on silo 0, which then lets it go
        Assert.Equal(1, fixture.LedgerOf(0).HeartbeatsOf(id));

        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(20);
        while (fixture.IndexOf(fixture.HostOf(id)) != 2)
        {
            Assert.True(DateTime.UtcNow < deadline, $"the grain did not move to the stream's silo within 20 s (on silo {fixture.IndexOf(fixture.HostOf(id))})");
            await Task.Delay(50);
        }

        var second = await fixture.Through(2, id).HeartbeatAsync(Report(streamSilo)).WaitAsync(TestTimeout.Default);
        Assert.True(second.Local);
        Assert.Equal(1, fixture.LedgerOf(2).HeartbeatsOf(id));
        Assert.Equal(2, fixture.IndexOf(fixture.HostOf(id)));
    }

    [Fact]
    public async Task A_single_heartbeat_leaves_the_grain_where_it_is()
    {
        var id = Guid.NewGuid();
        await fixture.Through(1, id).GetHealthAsync().AsTask().WaitAsync(TestTimeout.Default);
        Assert.Equal(1, fixture.IndexOf(fixture.HostOf(id)));

        var verdict = await fixture.Through(2, id).HeartbeatAsync(Report(null)).WaitAsync(TestTimeout.Default);
        Assert.True(verdict.Local);
        await Task.Delay(TimeSpan.FromSeconds(1)); // a move would have begun by now
        Assert.Equal(1, fixture.IndexOf(fixture.HostOf(id)));
        Assert.Equal(1, fixture.LedgerOf(1).HeartbeatsOf(id));
    }

    [Fact]
    public async Task A_grain_that_leaves_its_node_ready_with_nothing_to_watch_goes_away()
    {
        var id = Guid.NewGuid();
        fixture.LedgerOf(1).MarkQuiet(id);
        var verdict = await fixture.Through(1, id).HeartbeatAsync(Report(fixture.Cluster.Silos[1].SiloAddress)).WaitAsync(TestTimeout.Default);
        Assert.True(verdict.Local);

        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(20);
        while (fixture.HostOf(id) is not null)
        {
            Assert.True(DateTime.UtcNow < deadline, "the grain of a quiet READY node was still active 20 s after its heartbeat");
            await Task.Delay(50);
        }

        // A grain holding a read (the node's snapshot) stays: the read is what it is there for.
        var node = NodeGrainTests.TestNode(77);
        await fixture.Through(1, node.Id).CreateAsync(node, "user:test").WaitAsync(TestTimeout.Default);
        fixture.LedgerOf(1).MarkQuiet(node.Id);
        await fixture.Through(1, node.Id).HeartbeatAsync(Report(fixture.Cluster.Silos[1].SiloAddress)).WaitAsync(TestTimeout.Default);
        await Task.Delay(TimeSpan.FromSeconds(1));
        Assert.Equal(1, fixture.IndexOf(fixture.HostOf(node.Id)));
    }

    private static HeartbeatReport Report(Orleans.Runtime.SiloAddress? stream) =>
        new(stream, DateTimeOffset.UtcNow, Reported: [], Goodbye: false);
}
