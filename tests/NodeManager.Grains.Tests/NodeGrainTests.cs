using NodeManager.Core.Lifecycle;
using NodeManager.Core.Nodes;
using NodeManager.Core.Reservations;
using NodeManager.Core.Storage;
using NodeManager.Testing;

namespace NodeManager.Grains.Tests;

/// <summary>
/// NodeGrain across three silos: reads by UUID from grain memory that agree with the store whichever silo
/// asks (calls from the other two cross the wire, so Core's records make the round trip), writes that are
/// the store's, and a reservation that is one grain turn.
/// </summary>
[Collection(NodeGrainClusterCollection.Name)]
public sealed class NodeGrainTests(NodeGrainCluster fixture)
{
    private static readonly DateTimeOffset Now = new DateTimeOffset(2026, 12, 6, 8, 0, 0, TimeSpan.Zero);

    [Fact]
    public async Task A_node_created_through_one_silo_reads_the_same_through_every_silo()
    {
        var node = TestNode(1);
        var created = await fixture.Through(0, node.Id).CreateAsync(node, "user:test").WaitAsync(TestTimeout.Default);
        Assert.Equal(WriteOutcome.Ok, created.Value.Outcome);

        Assert.Equal(0, fixture.IndexOf(fixture.HostOf(node.Id))); // placed on the silo that called it
        var stored = await fixture.Store.GetAsync(node.Id, CancellationToken.None);
        Assert.NotNull(stored);
        for (var silo = 0; silo < 3; silo++)
        {
            var snapshot = (await fixture.Through(silo, node.Id).GetAsync().AsTask().WaitAsync(TestTimeout.Default)).Value;
            Assert.NotNull(snapshot);
            Assert.Equal(stored, snapshot.Node);
            Assert.Equal(stored.Spec.Labels.ToList(), snapshot.Node.Spec.Labels.ToList()); // the order of labels survives too
            Assert.Equal(ResourceAmounts.Zero, snapshot.Reserved);
        }
    }

    [Fact]
    public async Task An_update_with_a_stale_version_changes_nothing_and_every_silo_reads_the_winner()
    {
        var node = TestNode(2);
        await fixture.Through(0, node.Id).CreateAsync(node, "user:test").WaitAsync(TestTimeout.Default);

        var renamed = node.Spec with { Name = "renamed-2.example" };
        var first = (await fixture.Through(2, node.Id).UpdateAsync(renamed, 1, Now, "user:test").WaitAsync(TestTimeout.Default)).Value;
        Assert.Equal(WriteOutcome.Ok, first.Outcome);
        Assert.Equal(2, first.Node!.Version);

        var stale = (await fixture.Through(1, node.Id).UpdateAsync(node.Spec with { Name = "loser.example" }, 1, Now, "user:test").WaitAsync(TestTimeout.Default)).Value;
        Assert.Equal(WriteOutcome.VersionMismatch, stale.Outcome);
        Assert.Equal(2, stale.CurrentVersion);

        for (var silo = 0; silo < 3; silo++)
        {
            var snapshot = (await fixture.Through(silo, node.Id).GetAsync().AsTask().WaitAsync(TestTimeout.Default)).Value!;
            Assert.Equal(2, snapshot.Node.Version);
            Assert.Equal("renamed-2.example", snapshot.Node.Spec.Name);
        }

        Assert.Equal("renamed-2.example", (await fixture.Store.GetAsync(node.Id, CancellationToken.None))!.Spec.Name);
    }

    [Fact]
    public async Task Parallel_reservations_through_three_silos_never_overcommit()
    {
        var node = TestNode(3) with { Spec = TestNode(3).Spec with { Capacity = new NodeCapacity(10_000, 64L << 30, 1L << 40) } };
        await fixture.Through(0, node.Id).CreateAsync(node, "user:test").WaitAsync(TestTimeout.Default);

        var oneCore = new ResourceAmounts(1_000, 1L << 30, 0);
        var attempts = Enumerable.Range(0, 30).Select(i => fixture.Through(i % 3, node.Id)
            .ReserveAsync(new Reservation(node.Id, ReservationKind.Compute, $"vm-{i}", oneCore, oneCore, Now), requireCommissioned: false, "user:test"));
        var results = (await Task.WhenAll(attempts).WaitAsync(TestTimeout.Default)).Select(r => r.Value).ToList();

        Assert.Equal(10, results.Count(r => r.Outcome == ReservationOutcome.Ok));
        Assert.Equal(20, results.Count(r => r.Outcome == ReservationOutcome.InsufficientCapacity));
        var held = await fixture.Store.GetReservedAsync([node.Id], CancellationToken.None);
        Assert.Equal(10_000, held[node.Id].CpuMilliCores);
        for (var silo = 0; silo < 3; silo++)
        {
            Assert.Equal(held[node.Id], (await fixture.Through(silo, node.Id).GetAsync()).Value!.Reserved);
        }

        var released = (await fixture.Through(1, node.Id).ReleaseAsync(ReservationKind.Compute, results.First(r => r.Outcome == ReservationOutcome.Ok).Reservation!.Name, "user:test")).Value;
        Assert.Equal(ReservationOutcome.Ok, released.Outcome);
        Assert.Equal(9_000, (await fixture.Through(2, node.Id).GetAsync()).Value!.Reserved.CpuMilliCores);
        Assert.Equal(9_000, (await fixture.Store.GetReservedAsync([node.Id], CancellationToken.None))[node.Id].CpuMilliCores);
    }

    [Fact]
    public async Task A_forced_decommission_releases_the_reservations_the_grain_shows()
    {
        var node = TestNode(4);
        await fixture.Through(0, node.Id).CreateAsync(node, "user:test").WaitAsync(TestTimeout.Default);
        var grain = fixture.Through(1, node.Id);
        long version = 1;
        foreach (var target in new[] { LifecycleState.Commissioned, LifecycleState.Maintenance })
        {
            var moved = (await grain.TransitionAsync(new LifecycleChange(node.Id, target, "test", "tester", version, Now))).Value;
            Assert.Equal(TransitionOutcome.Ok, moved.Outcome);
            version = moved.Node!.Version;
        }

        var amounts = new ResourceAmounts(2_000, 0, 0);
        Assert.Equal(ReservationOutcome.Ok, (await grain.ReserveAsync(new Reservation(node.Id, ReservationKind.Compute, "vm", amounts, amounts, Now), false, "user:test")).Value.Outcome);
        var reserved = (await fixture.Through(2, node.Id).GetAsync()).Value!;
        Assert.Equal(amounts, reserved.Reserved);
        version = reserved.Node.Version;

        var refused = (await grain.TransitionAsync(new LifecycleChange(node.Id, LifecycleState.Decommissioned, "test", "tester", version, Now))).Value;
        Assert.Equal(TransitionOutcome.HasReservations, refused.Outcome);
        var forced = (await grain.TransitionAsync(new LifecycleChange(node.Id, LifecycleState.Decommissioned, "test", "tester", version, Now) { Force = true })).Value;
        Assert.Equal(TransitionOutcome.Ok, forced.Outcome);
        Assert.Equal(1, forced.Reservations);

        var after = (await fixture.Through(0, node.Id).GetAsync()).Value!;
        Assert.Equal(LifecycleState.Decommissioned, after.Node.LifecycleState);
        Assert.Equal(ResourceAmounts.Zero, after.Reserved);
    }

    [Fact]
    public async Task Writes_that_bypass_the_grain_are_seen_after_a_refresh_and_a_missing_node_is_not_remembered()
    {
        var missing = TestNode(5);
        Assert.Null((await fixture.Through(0, missing.Id).GetAsync()).Value);
        Assert.Equal(WriteOutcome.Ok, (await fixture.Store.CreateAsync(missing, "", CancellationToken.None)).Outcome); // as an import creates
        Assert.Equal(missing.Spec, (await fixture.Through(1, missing.Id).GetAsync()).Value!.Node.Spec);

        var imported = (await fixture.Store.GetAsync(missing.Id, CancellationToken.None))!;
        var update = new NodeUpdate(imported with { Spec = imported.Spec with { SerialNumber = "SN-IMPORTED" }, Version = 2 }, 1);
        Assert.Equal(WriteOutcome.Ok, (await fixture.Store.ApplyBatchAsync([], [update], "", CancellationToken.None)).Outcome);

        await fixture.Through(2, missing.Id).RefreshAsync();
        for (var silo = 0; silo < 3; silo++)
        {
            var snapshot = (await fixture.Through(silo, missing.Id).GetAsync()).Value!;
            Assert.Equal("SN-IMPORTED", snapshot.Node.Spec.SerialNumber);
            Assert.Equal(2, snapshot.Node.Version);
        }
    }

    [Fact]
    public async Task A_deleted_node_is_gone_for_every_silo_and_a_wrong_key_is_refused()
    {
        var node = TestNode(6);
        await fixture.Through(1, node.Id).CreateAsync(node, "user:test").WaitAsync(TestTimeout.Default);
        Assert.Equal(WriteOutcome.VersionMismatch, (await fixture.Through(0, node.Id).DeleteAsync(7, "user:test")).Value.Outcome);
        Assert.Equal(WriteOutcome.Ok, (await fixture.Through(0, node.Id).DeleteAsync(1, "user:test")).Value.Outcome);
        for (var silo = 0; silo < 3; silo++)
        {
            Assert.Null((await fixture.Through(silo, node.Id).GetAsync()).Value);
        }

        Assert.Null(await fixture.Store.GetAsync(node.Id, CancellationToken.None));
        var other = TestNode(7);
        await Assert.ThrowsAsync<ArgumentException>(() => fixture.Through(2, Guid.NewGuid()).CreateAsync(other, "user:test"));
        Assert.Null(await fixture.Store.GetAsync(other.Id, CancellationToken.None));
    }

    /// <summary>A node with every field set; names, addresses and ids unique per test run.</summary>
    internal static Node TestNode(int i)
    {
        var id = Guid.NewGuid();
        var tag = id.ToString("N")[..8];
        var b = id.ToByteArray();
        var spec = new NodeSpec
        {
            Name = $"node-{i}-{tag}.dc1.example",
            Ip = $"10.{b[0]}.{b[1]}.{b[2]}",
            Mac = $"02:{b[3]:x2}:{b[4]:x2}:{b[5]:x2}:{b[6]:x2}:{b[7]:x2}",
            Veth = $"veth{i}",
            ManagementAddress = $"bmc-{tag}.mgmt.example",
            AgentPort = 7000 + i,
            SerialNumber = $"SN-{tag}",
            Location = new NodeLocation("region-1", $"zone-{i % 3}", $"rack-{i % 40}", $"u{i % 42}"),
            Labels = new SortedDictionary<string, string>(StringComparer.Ordinal) { ["zeta"] = "last", ["alpha"] = "first", ["example.com/tier"] = "gold" },
            Capacity = new NodeCapacity(64_000, 256L << 30, 4L << 40),
            Devices = [new NodeDevice(DeviceKind.Gpu, "A100", 8, new Dictionary<string, string> { ["memory"] = "80Gi" })],
        };
        return new Node(id, spec, LifecycleState.Registered, 1, Now, Now);
    }
}
