using NodeManager.Core.Nodes;

namespace NodeManager.Core.Lifecycle;

/// <summary>
/// The store-independent decision for one change against the node as found: what a store does
/// before writing (both stores call it inside their transaction, so the rule lives once).
/// </summary>
public static class LifecycleTableCheck
{
    public static TransitionResult? Refusal(Node current, LifecycleChange change, int reservations)
    {
        if (change.ExpectedVersion != 0 && current.Version != change.ExpectedVersion)
        {
            return new TransitionResult(TransitionOutcome.VersionMismatch) { Node = current };
        }

        if (current.LifecycleState == change.Target)
        {
            return new TransitionResult(TransitionOutcome.Unchanged) { Node = current };
        }

        if (!LifecycleTable.IsAllowed(current.LifecycleState, change.Target))
        {
            return new TransitionResult(TransitionOutcome.Illegal) { Node = current };
        }

        if (change.Target == LifecycleState.Decommissioned && reservations > 0 && !change.Force)
        {
            return new TransitionResult(TransitionOutcome.HasReservations) { Node = current, Reservations = reservations };
        }

        return null;
    }

    /// <summary>The node after the transition and its record.</summary>
    public static (Node Node, LifecycleTransition Transition) Apply(Node current, LifecycleChange change) =>
        (current with { LifecycleState = change.Target, Version = current.Version + 1, UpdateTime = change.Now },
         new LifecycleTransition(current.Id, current.LifecycleState, change.Target, change.Reason, change.Actor, change.Now, change.OperationId));
}
