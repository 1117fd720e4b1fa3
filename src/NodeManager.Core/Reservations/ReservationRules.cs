using NodeManager.Core.Nodes;

namespace NodeManager.Core.Reservations;

/// <summary>The decision both stores make inside their transaction, with the node row locked.</summary>
public static class ReservationRules
{
    /// <summary>Null when <paramref name="wanted"/> may be inserted; otherwise the refusal.</summary>
    public static ReservationResult? Refusal(Node node, Reservation wanted, Reservation? existing, ResourceAmounts reserved, bool requireCommissioned)
    {
        if (existing is not null)
        {
            return new ReservationResult(existing.SameAs(wanted) ? ReservationOutcome.Unchanged : ReservationOutcome.AlreadyExists)
            {
                Reservation = existing, Node = node, Reserved = reserved,
            };
        }

        if (node.LifecycleState == LifecycleState.Decommissioned || (requireCommissioned && node.LifecycleState != LifecycleState.Commissioned))
        {
            return new ReservationResult(ReservationOutcome.WrongState) { Node = node, Reserved = reserved };
        }

        return wanted.Request.FitsWithin(ResourceAmounts.Of(node.Spec.Capacity).Minus(reserved))
            ? null
            : new ReservationResult(ReservationOutcome.InsufficientCapacity) { Node = node, Reserved = reserved };
    }
}
