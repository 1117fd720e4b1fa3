using Microsoft.Data.Sqlite;
using NodeManager.Core.Changes;
using NodeManager.Core.History;
using NodeManager.Core.Reservations;
using NodeManager.Core.Storage;

namespace NodeManager.Storage.Sqlite;

/// <summary>
/// Reservations. Every reserve and release runs on the single writer in an immediate transaction,
/// so the capacity check and the insert cannot interleave with another reservation (SQLite is one
/// instance: the instance lock keeps a second process off the file).
/// </summary>
public sealed partial class SqliteNodeStore : IReservationStore
{
    private const string ReservationColumns =
        "node_id, kind, name, request_cpu, request_memory, request_storage, limit_cpu, limit_memory, limit_storage, create_time";

    public async Task<ReservationResult> ReserveAsync(Reservation reservation, bool requireCommissioned, string actor, CancellationToken cancellationToken)
    {
        var result = ReservationResult.NodeNotFound;
        await WriteAsync(async (connection, tx) =>
        {
            if (await ReadNodeAsync(connection, tx, reservation.NodeId, cancellationToken) is not { } node)
            {
                return WriteResult.NotFound;
            }

            var held = await ReadReservationsAsync(connection, tx, reservation.NodeId, cancellationToken);
            var reserved = held.Aggregate(ResourceAmounts.Zero, (sum, r) => sum.Plus(r.Request));
            var existing = held.FirstOrDefault(r => r.Kind == reservation.Kind && r.Name == reservation.Name);
            if (ReservationRules.Refusal(node, reservation, existing, reserved, requireCommissioned) is { } refusal)
            {
                result = refusal;
                return WriteResult.NotFound;
            }

            await using (var insert = Command(connection, $"""
                INSERT INTO reservations ({ReservationColumns})
                VALUES ($node, $kind, $name, $rc, $rm, $rs, $lc, $lm, $ls, $time)
                """, tx, ReservationParameters(reservation)))
            {
                await insert.ExecuteNonQueryAsync(cancellationToken);
            }

            AppendEvent(connection, tx, ChangeKind.ReservationCreated, reservation.NodeId, LifecycleJson.Serialize(reservation), actor, HistoryDetails.Of(reservation));
            result = new ReservationResult(ReservationOutcome.Ok) { Reservation = reservation, Node = node, Reserved = reserved };
            return WriteResult.Ok(node);
        }, cancellationToken);
        return result;
    }

    public async Task<ReservationResult> ReleaseAsync(Guid nodeId, ReservationKind kind, string name, string actor, CancellationToken cancellationToken)
    {
        var result = ReservationResult.NodeNotFound;
        await WriteAsync(async (connection, tx) =>
        {
            if (await ReadNodeAsync(connection, tx, nodeId, cancellationToken) is not { } node)
            {
                return WriteResult.NotFound;
            }

            var held = await ReadReservationsAsync(connection, tx, nodeId, cancellationToken);
            var reserved = held.Aggregate(ResourceAmounts.Zero, (sum, r) => sum.Plus(r.Request));
            if (held.FirstOrDefault(r => r.Kind == kind && r.Name == name) is not { } existing)
            {
                result = new ReservationResult(ReservationOutcome.ReservationNotFound) { Node = node, Reserved = reserved };
                return WriteResult.NotFound;
            }

            await DeleteReservationAsync(connection, tx, existing, cancellationToken);
            AppendEvent(connection, tx, ChangeKind.ReservationReleased, nodeId, LifecycleJson.Serialize(existing), actor, HistoryDetails.Of(existing));
            result = new ReservationResult(ReservationOutcome.Ok) { Reservation = existing, Node = node, Reserved = reserved };
            return WriteResult.Ok(node);
        }, cancellationToken);
        return result;
    }

    public async Task<IReadOnlyList<Reservation>> ListReservationsAsync(Guid nodeId, CancellationToken cancellationToken)
    {
        try
        {
            await using var connection = await OpenAsync(cancellationToken);
            return await ReadReservationsAsync(connection, null, nodeId, cancellationToken);
        }
        catch (SqliteException ex) when (SqliteErrors.IsUnavailable(ex))
        {
            throw SqliteErrors.Unavailable(ex);
        }
    }

    public async Task<IReadOnlyDictionary<Guid, ResourceAmounts>> GetReservedAsync(IReadOnlyCollection<Guid> nodeIds, CancellationToken cancellationToken)
    {
        var wanted = nodeIds.ToHashSet();
        var sums = new Dictionary<Guid, ResourceAmounts>();
        try
        {
            await using var connection = await OpenAsync(cancellationToken);
            // One node (a NodeGrain loading itself) reads its own rows through the node_id index; a page of nodes scans the sums once.
            await using var command = wanted.Count == 1
                ? Command(connection, "SELECT node_id, sum(request_cpu), sum(request_memory), sum(request_storage) FROM reservations WHERE node_id = $node GROUP BY node_id",
                    null, ("$node", Text(wanted.First())))
                : Command(connection, "SELECT node_id, sum(request_cpu), sum(request_memory), sum(request_storage) FROM reservations GROUP BY node_id");
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
            {
                var id = Guid.Parse(reader.GetString(0));
                if (wanted.Contains(id))
                {
                    sums[id] = new ResourceAmounts(reader.GetInt64(1), reader.GetInt64(2), reader.GetInt64(3));
                }
            }

            return sums;
        }
        catch (SqliteException ex) when (SqliteErrors.IsUnavailable(ex))
        {
            throw SqliteErrors.Unavailable(ex);
        }
    }

    private static async Task<IReadOnlyList<Reservation>> ReadReservationsAsync(SqliteConnection connection, SqliteTransaction? tx, Guid nodeId, CancellationToken cancellationToken)
    {
        await using var command = Command(connection, $"SELECT {ReservationColumns} FROM reservations WHERE node_id = $node ORDER BY kind, name",
            tx, ("$node", Text(nodeId)));
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var list = new List<Reservation>();
        while (await reader.ReadAsync(cancellationToken))
        {
            list.Add(new Reservation(
                Guid.Parse(reader.GetString(0)), (ReservationKind)reader.GetInt32(1), reader.GetString(2),
                new ResourceAmounts(reader.GetInt64(3), reader.GetInt64(4), reader.GetInt64(5)),
                new ResourceAmounts(reader.GetInt64(6), reader.GetInt64(7), reader.GetInt64(8)),
                new DateTimeOffset(reader.GetInt64(9), TimeSpan.Zero)));
        }

        return list;
    }

    private static async Task DeleteReservationAsync(SqliteConnection connection, SqliteTransaction tx, Reservation reservation, CancellationToken cancellationToken)
    {
        await using var delete = Command(connection, "DELETE FROM reservations WHERE node_id = $node AND kind = $kind AND name = $name", tx,
            ("$node", Text(reservation.NodeId)), ("$kind", (int)reservation.Kind), ("$name", reservation.Name));
        await delete.ExecuteNonQueryAsync(cancellationToken);
    }

    private static (string, object)[] ReservationParameters(Reservation r) =>
    [
        ("$node", Text(r.NodeId)), ("$kind", (int)r.Kind), ("$name", r.Name),
        ("$rc", r.Request.CpuMilliCores), ("$rm", r.Request.MemoryBytes), ("$rs", r.Request.StorageBytes),
        ("$lc", r.Limit.CpuMilliCores), ("$lm", r.Limit.MemoryBytes), ("$ls", r.Limit.StorageBytes),
        ("$time", r.CreateTime.UtcTicks),
    ];
}
