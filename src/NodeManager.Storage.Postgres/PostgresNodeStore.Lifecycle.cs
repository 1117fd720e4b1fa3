using NodeManager.Core.Changes;
using NodeManager.Core.History;
using NodeManager.Core.Lifecycle;
using NodeManager.Core.Nodes;
using NodeManager.Core.Storage;

namespace NodeManager.Storage.Postgres;

/// <summary>Lifecycle transitions: lock the node row, check, write the node and its record, append the event(s).</summary>
public sealed partial class PostgresNodeStore : ILifecycleStore
{
    private const string TransitionSql = """
        UPDATE nodes SET lifecycle_state = $2, version = $3, update_time = $4, lifecycle_previous = $5,
            lifecycle_reason = $6, lifecycle_actor = $7, lifecycle_time = $4, lifecycle_operation = $8
        WHERE id = $1
        """;

    public Task<TransitionResult> TransitionAsync(LifecycleChange change, CancellationToken cancellationToken)
    {
        change = change with { Now = Stored(change.Now) };
        return InTransactionAsync(async (connection, tx) =>
        {
            if (await LockNodeAsync(connection, tx, change.NodeId, cancellationToken) is not { } current)
            {
                return (false, TransitionResult.NotFound);
            }

            var held = change.Target == LifecycleState.Decommissioned
                ? await ReadReservationsAsync(connection, tx, change.NodeId, cancellationToken)
                : [];
            if (LifecycleTableCheck.Refusal(current, change, held.Count) is { } refusal)
            {
                return (false, refusal);
            }

            var (updated, transition) = LifecycleTableCheck.Apply(current, change);
            await ExecuteAsync(connection, tx, TransitionSql, cancellationToken, current.Id, (short)updated.LifecycleState, updated.Version,
                updated.UpdateTime, (short)current.LifecycleState, change.Reason, change.Actor, change.OperationId);
            var events = new List<EventRow>();
            if (held.Count > 0)
            {
                await ExecuteAsync(connection, tx, "DELETE FROM reservations WHERE node_id = $1", cancellationToken, current.Id);
                events.AddRange(held.Select(r =>
                    new EventRow(ChangeKind.ReservationReleased, r.NodeId, LifecycleJson.Serialize(r), change.Actor, HistoryJson.Serialize(HistoryDetails.Of(r)))));
            }

            events.Add(new EventRow(ChangeKind.LifecycleChanged, current.Id, LifecycleJson.Serialize(updated, transition), change.Actor,
                HistoryJson.Serialize(HistoryDetails.Lifecycle(transition))));
            await AppendEventsAsync(connection, tx, events, cancellationToken);
            return (true, new TransitionResult(TransitionOutcome.Ok) { Node = updated, Transition = transition, Reservations = held.Count });
        }, cancellationToken);
    }

    public Task<LifecycleTransition?> GetLastTransitionAsync(Guid nodeId, CancellationToken cancellationToken) =>
        GuardAsync(async () =>
        {
            await using var connection = await _dataSource.OpenConnectionAsync(cancellationToken);
            await using var command = Command(connection, null, """
                SELECT lifecycle_previous, lifecycle_state, lifecycle_reason, lifecycle_actor, lifecycle_time, lifecycle_operation
                FROM nodes WHERE id = $1 AND lifecycle_time IS NOT NULL
                """, nodeId);
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            return await reader.ReadAsync(cancellationToken)
                ? new LifecycleTransition(nodeId, (LifecycleState)reader.GetInt16(0), (LifecycleState)reader.GetInt16(1), reader.GetString(2),
                    reader.GetString(3), reader.GetFieldValue<DateTimeOffset>(4), reader.GetString(5))
                : null;
        });
}
