using NodeManager.Core.Changes;
using NodeManager.Core.Lifecycle;
using NodeManager.Core.Nodes;
using NodeManager.Core.Reservations;
using NodeManager.Testing;

namespace NodeManager.Storage.Tests;

public abstract partial class NodeStoreContractTests
{
    private static readonly LifecycleState[] States =
        [LifecycleState.Registered, LifecycleState.Commissioned, LifecycleState.Maintenance, LifecycleState.Upgrading, LifecycleState.Decommissioned];

    private ILifecycleStore Lifecycle => (ILifecycleStore)Store;

    private Task<TransitionResult> TransitionAsync(Guid id, LifecycleState target, long expected = 0, bool force = false) =>
        Lifecycle.TransitionAsync(new LifecycleChange(id, target, "test", "tester", expected, TestNodes.T0.AddHours(1)) { Force = force }, CancellationToken.None)
            .WaitAsync(TestTimeout.Default);

    [StoreFact]
    public async Task TransitionAsync_EveryPairOfStates_FollowsTheTable()
    {
        var i = 0;
        foreach (var from in States)
        {
            foreach (var to in States)
            {
                var node = await CreatedAsync(TestNodes.Node(++i, state: from));

                var result = await TransitionAsync(node.Id, to);

                var expected = from == to ? TransitionOutcome.Unchanged : LifecycleTable.IsAllowed(from, to) ? TransitionOutcome.Ok : TransitionOutcome.Illegal;
                Assert.True(expected == result.Outcome, $"{from} -> {to}: expected {expected}, got {result.Outcome}");
                var stored = await Store.GetAsync(node.Id, CancellationToken.None).WaitAsync(TestTimeout.Default);
                Assert.Equal(result.Outcome == TransitionOutcome.Ok ? to : from, stored!.LifecycleState);
                Assert.Equal(result.Outcome == TransitionOutcome.Ok ? 2 : 1, stored.Version);
            }
        }
    }

    [StoreFact]
    public async Task TransitionAsync_Legal_RecordsReasonActorTimeAndAppendsEvent()
    {
        var node = await CreatedAsync(TestNodes.Node(1));
        var before = (await Feed.GetRevisionRangeAsync(CancellationToken.None).WaitAsync(TestTimeout.Default)).Head;

        var result = await TransitionAsync(node.Id, LifecycleState.Commissioned, expected: 1);

        Assert.Equal(TransitionOutcome.Ok, result.Outcome);
        var expected = new LifecycleTransition(node.Id, LifecycleState.Registered, LifecycleState.Commissioned, "test", "tester", TestNodes.T0.AddHours(1));
        Assert.Equal(expected, result.Transition);
        Assert.Equal(expected, await Lifecycle.GetLastTransitionAsync(node.Id, CancellationToken.None).WaitAsync(TestTimeout.Default));
        var change = Assert.Single(await Feed.ReadEventsAsync(before, 10, CancellationToken.None).WaitAsync(TestTimeout.Default));
        Assert.Equal(ChangeKind.LifecycleChanged, change.Kind);
        Assert.Equal(expected, change.Transition);
        Assert.Equal((LifecycleState.Commissioned, 2L), (change.Node!.LifecycleState, change.Node.Version));
    }

    [StoreFact]
    public async Task TransitionAsync_StaleVersionOrUnknownNode_WritesNothing()
    {
        var node = await CreatedAsync(TestNodes.Node(1));
        var before = (await Feed.GetRevisionRangeAsync(CancellationToken.None).WaitAsync(TestTimeout.Default)).Head;

        var stale = await TransitionAsync(node.Id, LifecycleState.Commissioned, expected: 5);
        var unknown = await TransitionAsync(Guid.NewGuid(), LifecycleState.Commissioned);

        Assert.Equal((TransitionOutcome.VersionMismatch, 1L), (stale.Outcome, stale.Node!.Version));
        Assert.Equal(TransitionOutcome.NotFound, unknown.Outcome);
        Assert.Null(await Lifecycle.GetLastTransitionAsync(node.Id, CancellationToken.None).WaitAsync(TestTimeout.Default));
        Assert.Equal(before, (await Feed.GetRevisionRangeAsync(CancellationToken.None).WaitAsync(TestTimeout.Default)).Head);
    }

    [StoreFact]
    public async Task TransitionAsync_DecommissionHoldingReservations_RefusedUnlessForcedThenReleased()
    {
        var node = await CreatedAsync(TestNodes.Node(1, state: LifecycleState.Maintenance));
        await ReservedAsync(Compute(node.Id, "vm-1", 1000, 1 << 30));

        var refused = await TransitionAsync(node.Id, LifecycleState.Decommissioned);
        Assert.Equal((TransitionOutcome.HasReservations, 1), (refused.Outcome, refused.Reservations));
        Assert.Single(await Reservations.ListReservationsAsync(node.Id, CancellationToken.None).WaitAsync(TestTimeout.Default));

        var before = (await Feed.GetRevisionRangeAsync(CancellationToken.None).WaitAsync(TestTimeout.Default)).Head;
        var forced = await TransitionAsync(node.Id, LifecycleState.Decommissioned, force: true);

        Assert.Equal((TransitionOutcome.Ok, 1), (forced.Outcome, forced.Reservations));
        Assert.Empty(await Reservations.ListReservationsAsync(node.Id, CancellationToken.None).WaitAsync(TestTimeout.Default));
        var kinds = (await Feed.ReadEventsAsync(before, 10, CancellationToken.None).WaitAsync(TestTimeout.Default)).Select(e => e.Kind);
        Assert.Equal([ChangeKind.ReservationReleased, ChangeKind.LifecycleChanged], kinds);
    }
}
