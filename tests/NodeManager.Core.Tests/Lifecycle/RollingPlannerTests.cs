using NodeManager.Core.Lifecycle;
using NodeManager.Core.Nodes;

namespace NodeManager.Core.Tests.Lifecycle;

public sealed class RollingPlannerTests
{
    private static readonly DateTimeOffset Now = new(2025, 1, 1, 0, 0, 0, TimeSpan.Zero);

    private static Node NodeIn(int i, LifecycleState state) =>
        new(new Guid(i, 0, 0, new byte[8]), new NodeSpec { Name = $"n{i}", Ip = $"10.0.0.{i}" }, state, 1, Now, Now);

    private static BatchOperation Operation(LifecycleState target, int maxUnavailable, IEnumerable<Node> nodes) =>
        new("op", target, OperationState.Running, maxUnavailable, "r", "a", false,
            nodes.Select(n => new OperationNode(n.Id, OperationNodeState.Pending)).ToList(), "me", Now, 1, Now, Now);

    [Fact]
    public void Next_MaintenanceWithRoomForTwo_TakesTwoInSelectionOrder()
    {
        var nodes = Enumerable.Range(1, 5).Select(i => NodeIn(i, LifecycleState.Commissioned)).ToList();

        var step = RollingPlanner.Next(Operation(LifecycleState.Maintenance, 2, nodes), nodes.ToDictionary(n => n.Id), Now);

        Assert.Equal([nodes[0].Id, nodes[1].Id], step.ToApply);
        Assert.False(step.Finished);
    }

    [Fact]
    public void Next_SelectedNodesAlreadyOut_CountAgainstTheLimit()
    {
        var nodes = new[] { NodeIn(1, LifecycleState.Upgrading), NodeIn(2, LifecycleState.Commissioned), NodeIn(3, LifecycleState.Commissioned) };

        var step = RollingPlanner.Next(Operation(LifecycleState.Maintenance, 2, nodes), nodes.ToDictionary(n => n.Id), Now);

        Assert.Equal([nodes[0].Id], step.ToApply);
    }

    [Fact]
    public void Next_LimitReached_TakesNothingAndWaits()
    {
        var nodes = new[] { NodeIn(1, LifecycleState.Maintenance), NodeIn(2, LifecycleState.Commissioned) };
        var operation = Operation(LifecycleState.Maintenance, 1, nodes) with
        {
            Nodes = [new OperationNode(nodes[0].Id, OperationNodeState.Applied), new OperationNode(nodes[1].Id, OperationNodeState.Pending)],
        };

        var step = RollingPlanner.Next(operation, nodes.ToDictionary(n => n.Id), Now);

        Assert.Empty(step.ToApply);
        Assert.False(step.Finished);
    }

    [Fact]
    public void Next_AlreadyInTargetOrDeleted_SkippedOrFailedAndFinished()
    {
        var nodes = new[] { NodeIn(1, LifecycleState.Commissioned), NodeIn(2, LifecycleState.Maintenance) };

        var step = RollingPlanner.Next(Operation(LifecycleState.Commissioned, 0, nodes), new Dictionary<Guid, Node> { [nodes[0].Id] = nodes[0] }, Now);

        Assert.Equal([OperationNodeState.Skipped, OperationNodeState.Failed], step.Nodes.Select(n => n.State));
        Assert.True(step.Finished);
    }

    [Fact]
    public void Budget_CommissionTargetOrNoLimit_IsUnbounded()
    {
        var nodes = new[] { NodeIn(1, LifecycleState.Maintenance), NodeIn(2, LifecycleState.Maintenance) };

        Assert.Equal(int.MaxValue, RollingPlanner.Budget(Operation(LifecycleState.Commissioned, 1, nodes), nodes.ToDictionary(n => n.Id)));
        Assert.Equal(int.MaxValue, RollingPlanner.Budget(Operation(LifecycleState.Upgrading, 0, nodes), nodes.ToDictionary(n => n.Id)));
    }
}
