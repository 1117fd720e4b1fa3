using NodeManager.Core.Nodes;
using NodeManager.Core.Reservations;

namespace NodeManager.Core.Tests.Reservations;

public sealed class PlacementTests
{
    private static Node NodeWith(int i, long cpu) =>
        new(new Guid(i, 0, 0, new byte[8]), new NodeSpec { Name = $"n{i}", Ip = $"10.0.0.{i}", Capacity = new NodeCapacity(cpu, 1000, 0) }, LifecycleState.Commissioned, 1,
            DateTimeOffset.UnixEpoch, DateTimeOffset.UnixEpoch);

    [Fact]
    public void Rank_BestFitAndSpread_OrderFittingNodesByRoomLeftAndDropTheRest()
    {
        var nearlyFull = NodeWith(1, 8000);
        var empty = NodeWith(2, 8000);
        var tooSmall = NodeWith(3, 1000);
        var candidates = new[] { (nearlyFull, new ResourceAmounts(5000, 0, 0)), (empty, ResourceAmounts.Zero), (tooSmall, ResourceAmounts.Zero) };
        var request = new ResourceAmounts(2000, 100, 0);

        Assert.Equal([nearlyFull, empty], Placement.Rank(candidates, request, PlacementPolicy.BestFit));
        Assert.Equal([nearlyFull, empty], Placement.Rank(candidates, request, PlacementPolicy.Unspecified));
        Assert.Equal([empty, nearlyFull], Placement.Rank(candidates, request, PlacementPolicy.Spread));
    }

    [Fact]
    public void Refusal_OverCapacityExistingOrDecommissioned_SaysWhich()
    {
        var node = NodeWith(1, 8000);
        var wanted = new Reservation(node.Id, ReservationKind.Compute, "vm", new ResourceAmounts(3000, 10, 0), new ResourceAmounts(3000, 10, 0), DateTimeOffset.UnixEpoch);

        Assert.Equal(ReservationOutcome.InsufficientCapacity, ReservationRules.Refusal(node, wanted, null, new ResourceAmounts(6000, 0, 0), false)!.Outcome);
        Assert.Null(ReservationRules.Refusal(node, wanted, null, new ResourceAmounts(5000, 990, 0), false));
        Assert.Equal(ReservationOutcome.Unchanged, ReservationRules.Refusal(node, wanted, wanted with { CreateTime = DateTimeOffset.MaxValue }, ResourceAmounts.Zero, false)!.Outcome);
        Assert.Equal(ReservationOutcome.AlreadyExists, ReservationRules.Refusal(node, wanted, wanted with { Request = new ResourceAmounts(1, 1, 0) }, ResourceAmounts.Zero, false)!.Outcome);
        Assert.Equal(ReservationOutcome.WrongState, ReservationRules.Refusal(node with { LifecycleState = LifecycleState.Maintenance }, wanted, null, ResourceAmounts.Zero, true)!.Outcome);
    }
}
