namespace NodeManager.Core.Reservations;

/// <summary>
/// Durable reservations. Reserve and release lock the node row for the transaction, so the
/// capacity check holds across every instance on the database; each change appends an event.
/// </summary>
public interface IReservationStore
{
    /// <summary>
    /// Inserts <paramref name="reservation"/> when the node exists, is in a state that takes it
    /// (<paramref name="requireCommissioned"/>: only COMMISSIONED) and has room; see <see cref="ReservationRules"/>.
    /// </summary>
    Task<ReservationResult> ReserveAsync(Reservation reservation, bool requireCommissioned, string actor, CancellationToken cancellationToken);

    /// <summary>As above, recording no actor in the node's history.</summary>
    Task<ReservationResult> ReserveAsync(Reservation reservation, bool requireCommissioned, CancellationToken cancellationToken) =>
        ReserveAsync(reservation, requireCommissioned, "", cancellationToken);

    Task<ReservationResult> ReleaseAsync(Guid nodeId, ReservationKind kind, string name, string actor, CancellationToken cancellationToken);

    /// <summary>As above, recording no actor in the node's history.</summary>
    Task<ReservationResult> ReleaseAsync(Guid nodeId, ReservationKind kind, string name, CancellationToken cancellationToken) =>
        ReleaseAsync(nodeId, kind, name, "", cancellationToken);

    /// <summary>The node's reservations by kind then name.</summary>
    Task<IReadOnlyList<Reservation>> ListReservationsAsync(Guid nodeId, CancellationToken cancellationToken);

    /// <summary>Sum of requests per node, for the nodes that hold any.</summary>
    Task<IReadOnlyDictionary<Guid, ResourceAmounts>> GetReservedAsync(IReadOnlyCollection<Guid> nodeIds, CancellationToken cancellationToken);
}
