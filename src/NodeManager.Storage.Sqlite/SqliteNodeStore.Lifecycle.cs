using Microsoft.Data.Sqlite;
using NodeManager.Core.Changes;
using NodeManager.Core.History;
using NodeManager.Core.Lifecycle;
using NodeManager.Core.Nodes;
using NodeManager.Core.Reservations;
using NodeManager.Core.Storage;

namespace NodeManager.Storage.Sqlite;

/// <summary>Lifecycle transitions on the single writer: check, write the node and its record, append the event.</summary>
public sealed partial class SqliteNodeStore : ILifecycleStore
{
    private const string TransitionSql = """
        UPDATE nodes SET lifecycle_state = $state, version = $version, update_time = $updated, lifecycle_previous = $previous,
            lifecycle_reason = $reason, lifecycle_actor = $actor, lifecycle_time = $updated, lifecycle_operation = $operation
        WHERE id = $id
        """;

    public async Task<TransitionResult> TransitionAsync(LifecycleChange change, CancellationToken cancellationToken)
    {
        var result = TransitionResult.NotFound;
        await WriteAsync(async (connection, tx) =>
        {
            if (await ReadNodeAsync(connection, tx, change.NodeId, cancellationToken) is not { } current)
            {
                return WriteResult.NotFound;
            }

            var held = change.Target == LifecycleState.Decommissioned
                ? await ReadReservationsAsync(connection, tx, change.NodeId, cancellationToken)
                : [];
            if (LifecycleTableCheck.Refusal(current, change, held.Count) is { } refusal)
            {
                result = refusal;
                return WriteResult.NotFound;
            }

            var (updated, transition) = LifecycleTableCheck.Apply(current, change);
            await using (var update = Command(connection, TransitionSql, tx,
                ("$id", Text(current.Id)), ("$state", (int)updated.LifecycleState), ("$version", updated.Version),
                ("$updated", updated.UpdateTime.UtcTicks), ("$previous", (int)current.LifecycleState), ("$reason", change.Reason),
                ("$actor", change.Actor), ("$operation", change.OperationId)))
            {
                await update.ExecuteNonQueryAsync(cancellationToken);
            }

            foreach (var reservation in held)
            {
                await DeleteReservationAsync(connection, tx, reservation, cancellationToken);
                AppendEvent(connection, tx, ChangeKind.ReservationReleased, reservation.NodeId, LifecycleJson.Serialize(reservation), change.Actor, HistoryDetails.Of(reservation));
            }

            AppendEvent(connection, tx, ChangeKind.LifecycleChanged, current.Id, LifecycleJson.Serialize(updated, transition), change.Actor, HistoryDetails.Lifecycle(transition));
            result = new TransitionResult(TransitionOutcome.Ok) { Node = updated, Transition = transition, Reservations = held.Count };
            return WriteResult.Ok(updated);
        }, cancellationToken);
        return result;
    }

    public async Task<LifecycleTransition?> GetLastTransitionAsync(Guid nodeId, CancellationToken cancellationToken)
    {
        try
        {
            await using var connection = await OpenAsync(cancellationToken);
            await using var command = Command(connection, """
                SELECT lifecycle_previous, lifecycle_state, lifecycle_reason, lifecycle_actor, lifecycle_time, lifecycle_operation
                FROM nodes WHERE id = $id AND lifecycle_time IS NOT NULL
                """, null, ("$id", Text(nodeId)));
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            return await reader.ReadAsync(cancellationToken)
                ? new LifecycleTransition(nodeId, (LifecycleState)reader.GetInt32(0), (LifecycleState)reader.GetInt32(1), reader.GetString(2),
                    reader.GetString(3), new DateTimeOffset(reader.GetInt64(4), TimeSpan.Zero), reader.GetString(5))
                : null;
        }
        catch (SqliteException ex) when (SqliteErrors.IsUnavailable(ex))
        {
            throw SqliteErrors.Unavailable(ex);
        }
    }

    private static async Task<Node?> ReadNodeAsync(SqliteConnection connection, SqliteTransaction tx, Guid id, CancellationToken cancellationToken)
    {
        await using var read = Command(connection, $"SELECT {Columns} FROM nodes WHERE id = $id", tx, ("$id", Text(id)));
        return (await ReadNodesAsync(read, cancellationToken)).SingleOrDefault();
    }
}
