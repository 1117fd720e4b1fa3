namespace NodeManager.Core.Reservations;

public enum ReservationOutcome
{
    /// <summary>Reserved (a new row and an event) or released (row gone and an event).</summary>
    Ok,

    /// <summary>The same reservation already existed: nothing written.</summary>
    Unchanged,
    NodeNotFound,
    ReservationNotFound,

    /// <summary>The name is taken with other values.</summary>
    AlreadyExists,

    /// <summary>The requests on the node plus this one exceed its capacity.</summary>
    InsufficientCapacity,

    /// <summary>The node's lifecycle state does not take reservations (DECOMMISSIONED; for scheduling: anything but COMMISSIONED).</summary>
    WrongState,
}
