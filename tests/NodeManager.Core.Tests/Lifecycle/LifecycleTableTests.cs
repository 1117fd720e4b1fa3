using NodeManager.Core.Lifecycle;
using NodeManager.Core.Nodes;

namespace NodeManager.Core.Tests.Lifecycle;

public sealed class LifecycleTableTests
{
    /// <summary>The whole table: every pair of states, legal or not.</summary>
    [Theory]
    [InlineData(LifecycleState.Registered, LifecycleState.Commissioned, true)]
    [InlineData(LifecycleState.Registered, LifecycleState.Maintenance, false)]
    [InlineData(LifecycleState.Registered, LifecycleState.Upgrading, false)]
    [InlineData(LifecycleState.Registered, LifecycleState.Decommissioned, false)]
    [InlineData(LifecycleState.Commissioned, LifecycleState.Registered, false)]
    [InlineData(LifecycleState.Commissioned, LifecycleState.Maintenance, true)]
    [InlineData(LifecycleState.Commissioned, LifecycleState.Upgrading, true)]
    [InlineData(LifecycleState.Commissioned, LifecycleState.Decommissioned, false)]
    [InlineData(LifecycleState.Maintenance, LifecycleState.Registered, false)]
    [InlineData(LifecycleState.Maintenance, LifecycleState.Commissioned, true)]
    [InlineData(LifecycleState.Maintenance, LifecycleState.Upgrading, false)]
    [InlineData(LifecycleState.Maintenance, LifecycleState.Decommissioned, true)]
    [InlineData(LifecycleState.Upgrading, LifecycleState.Registered, false)]
    [InlineData(LifecycleState.Upgrading, LifecycleState.Commissioned, true)]
    [InlineData(LifecycleState.Upgrading, LifecycleState.Maintenance, true)]
    [InlineData(LifecycleState.Upgrading, LifecycleState.Decommissioned, false)]
    [InlineData(LifecycleState.Decommissioned, LifecycleState.Registered, false)]
    [InlineData(LifecycleState.Decommissioned, LifecycleState.Commissioned, false)]
    [InlineData(LifecycleState.Decommissioned, LifecycleState.Maintenance, false)]
    [InlineData(LifecycleState.Decommissioned, LifecycleState.Upgrading, false)]
    public void IsAllowed_EveryPair_FollowsTheIssueTable(LifecycleState from, LifecycleState to, bool allowed)
    {
        Assert.Equal(allowed, LifecycleTable.IsAllowed(from, to));
    }

    [Fact]
    public void Explain_IllegalAndFinal_NamesCurrentStateAndAllowedTargets()
    {
        var id = Guid.Parse("3fa85f64-5717-4562-b3fc-2c963f66afa6");

        Assert.Equal("node 3fa85f64-5717-4562-b3fc-2c963f66afa6 is MAINTENANCE and cannot go to UPGRADING; from MAINTENANCE it may go to COMMISSIONED, DECOMMISSIONED",
            LifecycleTable.Explain(id, LifecycleState.Maintenance, LifecycleState.Upgrading));
        Assert.EndsWith("from DECOMMISSIONED it is final: no transition is allowed", LifecycleTable.Explain(id, LifecycleState.Decommissioned, LifecycleState.Commissioned));
    }

    [Fact]
    public void Refusal_DecommissionWithReservations_RefusedUnlessForced()
    {
        var node = new Node(Guid.NewGuid(), new NodeSpec { Name = "n", Ip = "10.0.0.1" }, LifecycleState.Maintenance, 3, DateTimeOffset.UnixEpoch, DateTimeOffset.UnixEpoch);
        var change = new LifecycleChange(node.Id, LifecycleState.Decommissioned, "r", "a", 0, DateTimeOffset.UnixEpoch);

        Assert.Equal(TransitionOutcome.HasReservations, LifecycleTableCheck.Refusal(node, change, 2)!.Outcome);
        Assert.Null(LifecycleTableCheck.Refusal(node, change with { Force = true }, 2));
        Assert.Equal(TransitionOutcome.VersionMismatch, LifecycleTableCheck.Refusal(node, change with { ExpectedVersion = 2 }, 0)!.Outcome);
    }
}
