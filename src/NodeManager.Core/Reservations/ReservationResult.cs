using NodeManager.Core.Nodes;

namespace NodeManager.Core.Reservations;

/// <summary>What a store did with a reserve or release: conflicts are values.</summary>
public sealed record ReservationResult(ReservationOutcome Outcome)
{
    /// <summary>The reservation written, released, or found (Unchanged, AlreadyExists).</summary>
    public Reservation? Reservation { get; init; }

    /// <summary>The node as found (when it exists).</summary>
    public Node? Node { get; init; }

    /// <summary>Sum of the requests on the node before this call.</summary>
    public ResourceAmounts Reserved { get; init; } = ResourceAmounts.Zero;

    public static readonly ReservationResult NodeNotFound = new(ReservationOutcome.NodeNotFound);
}
