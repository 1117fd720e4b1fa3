using Npgsql;
using NodeManager.Core.Changes;
using NodeManager.Core.History;
using NodeManager.Core.Reservations;
using NodeManager.Core.Storage;

namespace NodeManager.Storage.Postgres;

/// <summary>
/// Reservations. Reserve and release lock the node row (FOR NO KEY UPDATE) first, then sum the
/// requests: in read committed each statement sees every commit before it, so the sum includes the
/// previous lock holder's insert and no two instances can both fit into the same free room.
/// </summary>
public sealed partial class PostgresNodeStore : IReservationStore
{
    private const string ReservationColumns =
        "node_id, kind, name, request_cpu, request_memory, request_storage, limit_cpu, limit_memory, limit_storage, create_time";

    public Task<ReservationResult> ReserveAsync(Reservation reservation, bool requireCommissioned, string actor, CancellationToken cancellationToken)
    {
        reservation = reservation with { CreateTime = Stored(reservation.CreateTime) };
        return InTransactionAsync(async (connection, tx) =>
        {
            if (await LockNodeAsync(connection, tx, reservation.NodeId, cancellationToken) is not { } node)
            {
                return (false, ReservationResult.NodeNotFound);
            }

            var held = await ReadReservationsAsync(connection, tx, reservation.NodeId, cancellationToken);
            var reserved = held.Aggregate(ResourceAmounts.Zero, (sum, r) => sum.Plus(r.Request));
            var existing = held.FirstOrDefault(r => r.Kind == reservation.Kind && r.Name == reservation.Name);
            if (ReservationRules.Refusal(node, reservation, existing, reserved, requireCommissioned) is { } refusal)
            {
                return (false, refusal);
            }

            var (request, limit) = (reservation.Request, reservation.Limit);
            await ExecuteAsync(connection, tx, $"INSERT INTO reservations ({ReservationColumns}) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)",
                cancellationToken, reservation.NodeId, (short)reservation.Kind, reservation.Name,
                request.CpuMilliCores, request.MemoryBytes, request.StorageBytes, limit.CpuMilliCores, limit.MemoryBytes, limit.StorageBytes,
                reservation.CreateTime);
            await AppendEventAsync(connection, tx, ChangeKind.ReservationCreated, reservation.NodeId, LifecycleJson.Serialize(reservation), actor, HistoryDetails.Of(reservation), cancellationToken);
            return (true, new ReservationResult(ReservationOutcome.Ok) { Reservation = reservation, Node = node, Reserved = reserved });
        }, cancellationToken);
    }

    public Task<ReservationResult> ReleaseAsync(Guid nodeId, ReservationKind kind, string name, string actor, CancellationToken cancellationToken) =>
        InTransactionAsync(async (connection, tx) =>
        {
            if (await LockNodeAsync(connection, tx, nodeId, cancellationToken) is not { } node)
            {
                return (false, ReservationResult.NodeNotFound);
            }

            var held = await ReadReservationsAsync(connection, tx, nodeId, cancellationToken);
            var reserved = held.Aggregate(ResourceAmounts.Zero, (sum, r) => sum.Plus(r.Request));
            if (held.FirstOrDefault(r => r.Kind == kind && r.Name == name) is not { } existing)
            {
                return (false, new ReservationResult(ReservationOutcome.ReservationNotFound) { Node = node, Reserved = reserved });
            }

            await ExecuteAsync(connection, tx, "DELETE FROM reservations WHERE node_id = $1 AND kind = $2 AND name = $3", cancellationToken,
                nodeId, (short)kind, name);
            await AppendEventAsync(connection, tx, ChangeKind.ReservationReleased, nodeId, LifecycleJson.Serialize(existing), actor, HistoryDetails.Of(existing), cancellationToken);
            return (true, new ReservationResult(ReservationOutcome.Ok) { Reservation = existing, Node = node, Reserved = reserved });
        }, cancellationToken);

    public Task<IReadOnlyList<Reservation>> ListReservationsAsync(Guid nodeId, CancellationToken cancellationToken) =>
        GuardAsync(async () =>
        {
            await using var connection = await _dataSource.OpenConnectionAsync(cancellationToken);
            return await ReadReservationsAsync(connection, null, nodeId, cancellationToken);
        });

    public Task<IReadOnlyDictionary<Guid, ResourceAmounts>> GetReservedAsync(IReadOnlyCollection<Guid> nodeIds, CancellationToken cancellationToken) =>
        GuardAsync<IReadOnlyDictionary<Guid, ResourceAmounts>>(async () =>
        {
            await using var connection = await _dataSource.OpenConnectionAsync(cancellationToken);
            await using var command = Command(connection, null, """
                SELECT node_id, sum(request_cpu)::bigint, sum(request_memory)::bigint, sum(request_storage)::bigint
                FROM reservations WHERE node_id = ANY($1) GROUP BY node_id
                """, nodeIds.Distinct().ToArray());
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            var sums = new Dictionary<Guid, ResourceAmounts>();
            while (await reader.ReadAsync(cancellationToken))
            {
                sums[reader.GetGuid(0)] = new ResourceAmounts(reader.GetInt64(1), reader.GetInt64(2), reader.GetInt64(3));
            }

            return sums;
        });

    private static async Task<IReadOnlyList<Reservation>> ReadReservationsAsync(NpgsqlConnection connection, NpgsqlTransaction? tx, Guid nodeId, CancellationToken cancellationToken)
    {
        await using var command = Command(connection, tx, $"SELECT {ReservationColumns} FROM reservations WHERE node_id = $1 ORDER BY kind, name", nodeId);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var list = new List<Reservation>();
        while (await reader.ReadAsync(cancellationToken))
        {
            list.Add(new Reservation(
                reader.GetGuid(0), (ReservationKind)reader.GetInt16(1), reader.GetString(2),
                new ResourceAmounts(reader.GetInt64(3), reader.GetInt64(4), reader.GetInt64(5)),
                new ResourceAmounts(reader.GetInt64(6), reader.GetInt64(7), reader.GetInt64(8)),
                reader.GetFieldValue<DateTimeOffset>(9)));
        }

        return list;
    }
}
