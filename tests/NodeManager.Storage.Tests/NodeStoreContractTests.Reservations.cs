using NodeManager.Core.Changes;
using NodeManager.Core.Nodes;
using NodeManager.Core.Reservations;
using NodeManager.Core.Storage;
using NodeManager.Testing;

namespace NodeManager.Storage.Tests;

public abstract partial class NodeStoreContractTests
{
    private IReservationStore Reservations => (IReservationStore)Store;

    private static Reservation Compute(Guid node, string name, long cpu, long memory) =>
        new(node, ReservationKind.Compute, name, new ResourceAmounts(cpu, memory, 0), new ResourceAmounts(cpu * 2, memory, 0), TestNodes.T0);

    private async Task ReservedAsync(Reservation reservation)
    {
        var result = await Reservations.ReserveAsync(reservation, requireCommissioned: false, CancellationToken.None).WaitAsync(TestTimeout.Default);
        Assert.Equal(ReservationOutcome.Ok, result.Outcome);
    }

    [StoreFact]
    public async Task ReserveAsync_SameNameAgain_IdempotentWithSameValuesAlreadyExistsWithOthers()
    {
        var node = await CreatedAsync(TestNodes.Node(1, state: LifecycleState.Commissioned));
        var reservation = Compute(node.Id, "vm-1", 1000, 1 << 30);
        await ReservedAsync(reservation);

        var again = await Reservations.ReserveAsync(reservation with { CreateTime = TestNodes.T0.AddHours(1) }, false, CancellationToken.None).WaitAsync(TestTimeout.Default);
        var other = await Reservations.ReserveAsync(Compute(node.Id, "vm-1", 2000, 1 << 30), false, CancellationToken.None).WaitAsync(TestTimeout.Default);

        Assert.Equal((ReservationOutcome.Unchanged, reservation), (again.Outcome, again.Reservation));
        Assert.Equal((ReservationOutcome.AlreadyExists, reservation), (other.Outcome, other.Reservation));
        Assert.Equal([reservation], await Reservations.ListReservationsAsync(node.Id, CancellationToken.None).WaitAsync(TestTimeout.Default));
    }

    [StoreFact]
    public async Task ReserveAsync_OverCapacityOrWrongState_RefusedAndNothingWritten()
    {
        var node = await CreatedAsync(TestNodes.Node(1, state: LifecycleState.Commissioned));
        var registered = await CreatedAsync(TestNodes.Node(2));
        var gone = await CreatedAsync(TestNodes.Node(3, state: LifecycleState.Decommissioned));
        await ReservedAsync(Compute(node.Id, "half", 32_000, 1 << 30));
        var before = (await Feed.GetRevisionRangeAsync(CancellationToken.None).WaitAsync(TestTimeout.Default)).Head;

        var over = await Reservations.ReserveAsync(Compute(node.Id, "too-big", 32_001, 1 << 30), false, CancellationToken.None).WaitAsync(TestTimeout.Default);
        var notCommissioned = await Reservations.ReserveAsync(Compute(registered.Id, "x", 1, 1), true, CancellationToken.None).WaitAsync(TestTimeout.Default);
        var decommissioned = await Reservations.ReserveAsync(Compute(gone.Id, "x", 1, 1), false, CancellationToken.None).WaitAsync(TestTimeout.Default);
        var unknown = await Reservations.ReserveAsync(Compute(Guid.NewGuid(), "x", 1, 1), false, CancellationToken.None).WaitAsync(TestTimeout.Default);

        Assert.Equal((ReservationOutcome.InsufficientCapacity, new ResourceAmounts(32_000, 1 << 30, 0)), (over.Outcome, over.Reserved));
        Assert.Equal(ReservationOutcome.WrongState, notCommissioned.Outcome);
        Assert.Equal(ReservationOutcome.WrongState, decommissioned.Outcome);
        Assert.Equal(ReservationOutcome.NodeNotFound, unknown.Outcome);
        Assert.Equal(before, (await Feed.GetRevisionRangeAsync(CancellationToken.None).WaitAsync(TestTimeout.Default)).Head);
    }

    [StoreFact]
    public async Task ReleaseAsync_Held_FreesRoomAndAppendsEvents()
    {
        var node = await CreatedAsync(TestNodes.Node(1, state: LifecycleState.Commissioned));
        var before = (await Feed.GetRevisionRangeAsync(CancellationToken.None).WaitAsync(TestTimeout.Default)).Head;
        var reservation = Compute(node.Id, "vm-1", 64_000, 1 << 30);
        await ReservedAsync(reservation);
        Assert.Equal(new ResourceAmounts(64_000, 1 << 30, 0), (await Reservations.GetReservedAsync([node.Id], CancellationToken.None).WaitAsync(TestTimeout.Default))[node.Id]);

        var released = await Reservations.ReleaseAsync(node.Id, ReservationKind.Compute, "vm-1", CancellationToken.None).WaitAsync(TestTimeout.Default);
        var missing = await Reservations.ReleaseAsync(node.Id, ReservationKind.Compute, "vm-1", CancellationToken.None).WaitAsync(TestTimeout.Default);

        Assert.Equal((ReservationOutcome.Ok, reservation), (released.Outcome, released.Reservation));
        Assert.Equal(ReservationOutcome.ReservationNotFound, missing.Outcome);
        Assert.Empty(await Reservations.GetReservedAsync([node.Id], CancellationToken.None).WaitAsync(TestTimeout.Default));
        await ReservedAsync(Compute(node.Id, "vm-2", 64_000, 1 << 30));
        var events = await Feed.ReadEventsAsync(before, 10, CancellationToken.None).WaitAsync(TestTimeout.Default);
        Assert.Equal([ChangeKind.ReservationCreated, ChangeKind.ReservationReleased, ChangeKind.ReservationCreated], events.Select(e => e.Kind));
        Assert.Equal(reservation, events[1].Reservation);
    }

    /// <summary>Two store instances (PostgreSQL; SQLite is one instance by design, so one store) race 200 reservations for 50 slots.</summary>
    [StoreFact]
    public async Task ReserveAsync_200InParallelFromTwoInstances_NeverOvercommits()
    {
        var node = await CreatedAsync(TestNodes.Node(1, state: LifecycleState.Commissioned));
        var instances = new[] { (IReservationStore)Store, (IReservationStore)await OpenOtherWriterAsync() };
        var before = (await Feed.GetRevisionRangeAsync(CancellationToken.None).WaitAsync(TestTimeout.Default)).Head;

        var results = await Task.WhenAll(Enumerable.Range(0, 200).Select(i => Task.Run(() =>
            instances[i % 2].ReserveAsync(Compute(node.Id, $"r-{i}", 1_280, 1 << 20), false, CancellationToken.None)))).WaitAsync(TestTimeout.Default);

        Assert.Equal(50, results.Count(r => r.Outcome == ReservationOutcome.Ok));
        Assert.Equal(150, results.Count(r => r.Outcome == ReservationOutcome.InsufficientCapacity));
        var held = await Reservations.ListReservationsAsync(node.Id, CancellationToken.None).WaitAsync(TestTimeout.Default);
        Assert.Equal(64_000, held.Sum(r => r.Request.CpuMilliCores));
        var events = await Feed.ReadEventsAsync(before, 1000, CancellationToken.None).WaitAsync(TestTimeout.Default);
        Assert.Equal(50, events.Count(e => e.Kind == ChangeKind.ReservationCreated));
    }
}
