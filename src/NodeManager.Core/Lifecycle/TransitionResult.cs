using NodeManager.Core.Nodes;

namespace NodeManager.Core.Lifecycle;

/// <summary>What a store did with a <see cref="LifecycleChange"/>: conflicts are values, not exceptions.</summary>
public sealed record TransitionResult(TransitionOutcome Outcome)
{
    /// <summary>The node as written (Ok) or as found (Unchanged, Illegal, HasReservations, VersionMismatch).</summary>
    public Node? Node { get; init; }

    /// <summary>For Ok: the recorded transition.</summary>
    public LifecycleTransition? Transition { get; init; }

    /// <summary>For HasReservations: how many the node holds; for a forced decommission: how many were released.</summary>
    public int Reservations { get; init; }

    public static readonly TransitionResult NotFound = new(TransitionOutcome.NotFound);
}
