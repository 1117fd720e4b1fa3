namespace NodeManager.Core.Lifecycle;

public enum TransitionOutcome
{
    /// <summary>The node moved; an event was appended.</summary>
    Ok,

    /// <summary>The node already is in the target state; nothing written.</summary>
    Unchanged,
    NotFound,
    VersionMismatch,

    /// <summary>The table does not allow it.</summary>
    Illegal,

    /// <summary>Decommission without force while the node holds reservations.</summary>
    HasReservations,
}
