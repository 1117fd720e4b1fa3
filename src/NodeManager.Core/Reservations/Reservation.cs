namespace NodeManager.Core.Reservations;

/// <summary>
/// A named hold on part of a node's capacity. Compute reservations hold CPU and memory, storage
/// reservations storage; the name is unique per node and kind. Only requests count against capacity;
/// limits (at least the request) are recorded for the consumer.
/// </summary>
public sealed record Reservation(
    Guid NodeId,
    ReservationKind Kind,
    string Name,
    ResourceAmounts Request,
    ResourceAmounts Limit,
    DateTimeOffset CreateTime)
{
    /// <summary>Same node, kind, name, request and limit: reserving it again is a no-op.</summary>
    public bool SameAs(Reservation other) =>
        NodeId == other.NodeId && Kind == other.Kind && Name == other.Name && Request == other.Request && Limit == other.Limit;
}
