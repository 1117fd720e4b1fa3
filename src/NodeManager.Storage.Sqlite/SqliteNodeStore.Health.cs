using Microsoft.Data.Sqlite;
using SQLitePCL;
using NodeManager.Core.Changes;
using NodeManager.Core.History;
using NodeManager.Core.Health;
using NodeManager.Core.Storage;

namespace NodeManager.Storage.Sqlite;

public sealed partial class SqliteNodeStore : IHealthStore
{
    private const string HealthColumns =
        "node_id, status, reason, message, decided_by, last_heartbeat_time, last_transition_time, flap_count, conditions, expected";

    /// <summary>Inserts or replaces one node's health; a node no longer registered is skipped (no foreign-key error).</summary>
    private const string UpsertHealthSql = $"""
        INSERT INTO node_health ({HealthColumns})
        SELECT $id, $status, $reason, $message, $decided, $heartbeat, $transition, $flaps, $conditions, $expected
        WHERE EXISTS (SELECT 1 FROM nodes WHERE id = $id)
        ON CONFLICT (node_id) DO UPDATE SET status = excluded.status, reason = excluded.reason, message = excluded.message,
            decided_by = excluded.decided_by,
            last_heartbeat_time = coalesce(max(node_health.last_heartbeat_time, excluded.last_heartbeat_time), node_health.last_heartbeat_time, excluded.last_heartbeat_time),
            last_transition_time = excluded.last_transition_time, flap_count = excluded.flap_count, conditions = excluded.conditions,
            expected = excluded.expected
        """;

    /// <summary>?1 the node id, ?2 the time (UTC ticks); a time never moves backwards.</summary>
    private static ReadOnlySpan<byte> FlushHeartbeatSql =>
        "UPDATE node_health SET last_heartbeat_time = ?2 WHERE node_id = ?1 AND (last_heartbeat_time IS NULL OR last_heartbeat_time < ?2)"u8;

    private static readonly string[] HealthParameters =
        ["$id", "$status", "$reason", "$message", "$decided", "$heartbeat", "$transition", "$flaps", "$conditions", "$expected"];

    public async Task<IReadOnlyList<NodeHealthState>> LoadHealthAsync(CancellationToken cancellationToken)
    {
        try
        {
            await using var connection = await OpenAsync(cancellationToken);
            await using var command = Command(connection, $"SELECT {HealthColumns} FROM node_health ORDER BY node_id");
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            var states = new List<NodeHealthState>();
            while (await reader.ReadAsync(cancellationToken))
            {
                states.Add(new NodeHealthState(
                    Guid.Parse(reader.GetString(0)),
                    (HealthStatus)reader.GetInt32(1),
                    reader.GetString(2),
                    reader.GetString(3),
                    (DecidedBy)reader.GetInt32(4),
                    reader.IsDBNull(5) ? null : new DateTimeOffset(reader.GetInt64(5), TimeSpan.Zero),
                    new DateTimeOffset(reader.GetInt64(6), TimeSpan.Zero),
                    HealthJson.Deserialize(reader.GetString(8)),
                    reader.GetInt32(7),
                    reader.GetInt32(9) != 0));
            }

            return states;
        }
        catch (SqliteException ex) when (SqliteErrors.IsUnavailable(ex))
        {
            throw SqliteErrors.Unavailable(ex);
        }
    }

    public Task SaveHealthAsync(IReadOnlyList<NodeHealthState> states, IReadOnlyList<string> actors, CancellationToken cancellationToken) =>
        HealthWriteAsync(states.Count, (connection, tx) =>
        {
            using var upsert = Command(connection, UpsertHealthSql, tx);
            foreach (var name in HealthParameters)
            {
                upsert.Parameters.Add(new SqliteParameter { ParameterName = name });
            }

            upsert.Prepare();
            using var previous = Command(connection, "SELECT status FROM node_health WHERE node_id = $id", tx);
            previous.Parameters.Add(new SqliteParameter { ParameterName = "$id" });
            previous.Prepare();
            using var events = EventCommand(connection, tx);
            var p = upsert.Parameters;
            for (var i = 0; i < states.Count; i++)
            {
                var state = states[i];
                cancellationToken.ThrowIfCancellationRequested();
                previous.Parameters["$id"].Value = Text(state.NodeId);
                var from = previous.ExecuteScalar() is long status ? (HealthStatus?)status : null;
                p["$id"].Value = Text(state.NodeId);
                p["$status"].Value = (int)state.Status;
                p["$reason"].Value = state.Reason;
                p["$message"].Value = state.Message;
                p["$decided"].Value = (int)state.DecidedBy;
                p["$heartbeat"].Value = state.LastHeartbeatTime is { } heartbeat ? heartbeat.UtcTicks : DBNull.Value;
                p["$transition"].Value = state.LastTransitionTime.UtcTicks;
                p["$flaps"].Value = state.FlapCount;
                p["$conditions"].Value = HealthJson.Serialize(state.Conditions);
                p["$expected"].Value = state.Expected ? 1 : 0;
                if (upsert.ExecuteNonQuery() > 0)
                {
                    events.Append(ChangeKind.HealthChanged, state.NodeId, ChangeEventJson.Serialize(state), HistoryActors.OfHealth(actors, i), HistoryDetails.Health(from, state));
                }
            }
        }, cancellationToken);

    /// <summary>
    /// SQLite has no arrays: one prepared statement, run for each heartbeat in one transaction
    /// (in process, each run is a B-tree lookup, not a round trip).
    /// </summary>
    /// <summary>
    /// One statement, prepared once per flush and bound through SQLite's own API: the UUID is formatted
    /// into a stack buffer, so a flush of tens of thousands of rows allocates nothing per row
    /// (a <see cref="SqliteCommand"/> allocates a reader, a binder and a UTF-8 copy per execution).
    /// </summary>
    public Task FlushLastHeartbeatsAsync(IReadOnlyList<(Guid NodeId, DateTimeOffset Time)> heartbeats, CancellationToken cancellationToken) =>
        HealthWriteAsync(heartbeats.Count, (connection, transaction) =>
        {
            var db = connection.Handle!;
            SqliteException.ThrowExceptionForRC(raw.sqlite3_prepare_v2(db, FlushHeartbeatSql, out var update), db);
            using (update)
            {
                Span<byte> id = stackalloc byte[36];
                for (var i = 0; i < heartbeats.Count; i++)
                {
                    cancellationToken.ThrowIfCancellationRequested();
                    var (nodeId, at) = heartbeats[i];
                    nodeId.TryFormat(id, out _, "D");
                    raw.sqlite3_bind_text(update, 1, id);
                    raw.sqlite3_bind_int64(update, 2, at.UtcTicks);
                    var rc = raw.sqlite3_step(update);
                    if (rc != raw.SQLITE_DONE)
                    {
                        SqliteException.ThrowExceptionForRC(rc, db);
                    }

                    raw.sqlite3_reset(update);
                }
            }
        }, cancellationToken);

    /// <summary>Runs <paramref name="work"/> in an immediate transaction on the writer (synchronously: SQLite is in process).</summary>
    private async Task HealthWriteAsync(int count, Action<SqliteConnection, SqliteTransaction> work, CancellationToken cancellationToken)
    {
        if (count == 0)
        {
            return;
        }

        var result = await WriteAsync((connection, tx) =>
        {
            work(connection, tx);
            return Task.FromResult(WriteResult.Ok(null));
        }, cancellationToken);
        if (result.Outcome != WriteOutcome.Ok)
        {
            throw new InvalidOperationException($"SQLite health write rolled back: constraint on '{result.Conflict?.Field}' failed.");
        }
    }
}
