using Npgsql;
using NpgsqlTypes;
using NodeManager.Core.Changes;
using NodeManager.Core.Health;
using NodeManager.Core.History;
using NodeManager.Core.Storage;

namespace NodeManager.Storage.Postgres;

public sealed partial class PostgresNodeStore : IHealthStore
{
    private const int HealthBatchSize = 1_000;

    private const string HealthColumns =
        "node_id, status, reason, message, decided_by, last_heartbeat_time, last_transition_time, flap_count, conditions, expected";

    /// <summary>
    /// Upserts a batch given as parallel arrays. Joining <c>nodes</c> FOR KEY SHARE skips nodes no
    /// longer registered and keeps the rest registered until commit, so a concurrent delete can
    /// neither raise a foreign-key error here nor leave a health row behind. It answers each node saved
    /// with the status it had before (NULL when it had no health), for the node's history.
    /// </summary>
    private const string UpsertHealthSql = $"""
        WITH before AS MATERIALIZED (SELECT node_id, status FROM node_health WHERE node_id = ANY($1::uuid[]))
        INSERT INTO node_health ({HealthColumns})
        SELECT v.id, v.status, v.reason, v.message, v.decided_by, v.heartbeat, v.transition, v.flaps, v.conditions::jsonb, v.expected
        FROM unnest($1::uuid[], $2::smallint[], $3::text[], $4::text[], $5::smallint[], $6::timestamptz[], $7::timestamptz[], $8::integer[], $9::text[], $10::boolean[])
            AS v(id, status, reason, message, decided_by, heartbeat, transition, flaps, conditions, expected)
        JOIN nodes n ON n.id = v.id
        FOR KEY SHARE OF n
        ON CONFLICT (node_id) DO UPDATE SET status = excluded.status, reason = excluded.reason, message = excluded.message,
            decided_by = excluded.decided_by,
            last_heartbeat_time = GREATEST(node_health.last_heartbeat_time, excluded.last_heartbeat_time),
            last_transition_time = excluded.last_transition_time, flap_count = excluded.flap_count, conditions = excluded.conditions,
            expected = excluded.expected
        RETURNING node_id, (SELECT b.status FROM before b WHERE b.node_id = node_health.node_id)
        """;

    /// <summary>
    /// Heartbeat times go to <c>node_heartbeats</c>, in key order (two flushers lock rows in the same
    /// order), never backwards, and only for registered nodes.
    /// </summary>
    private const string FlushHeartbeatsSql = """
        INSERT INTO node_heartbeats AS b (node_id, time)
        SELECT v.id, v.t FROM unnest($1::uuid[], $2::timestamptz[]) AS v(id, t)
        WHERE EXISTS (SELECT 1 FROM nodes n WHERE n.id = v.id)
        ORDER BY v.id
        ON CONFLICT (node_id) DO UPDATE SET time = excluded.time WHERE b.time < excluded.time
        """;

    /// <summary>Health rows with their flushed heartbeat times: <see cref="LastHeartbeatSql"/> is a node's last heartbeat.</summary>
    private const string HealthWithHeartbeatsSql = "node_health h LEFT JOIN node_heartbeats b ON b.node_id = h.node_id";

    /// <summary>The newer of the heartbeat time saved with the node's last transition and the last flushed (NULLs ignored).</summary>
    private const string LastHeartbeatSql = "greatest(h.last_heartbeat_time, b.time)";

    public Task<IReadOnlyList<NodeHealthState>> LoadHealthAsync(CancellationToken cancellationToken) =>
        GuardAsync<IReadOnlyList<NodeHealthState>>(async () =>
        {
            await using var command = _dataSource.CreateCommand($"""
                SELECT h.node_id, h.status, h.reason, h.message, h.decided_by, {LastHeartbeatSql}, h.last_transition_time, h.flap_count, h.conditions, h.expected
                FROM {HealthWithHeartbeatsSql} ORDER BY h.node_id
                """);
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            var states = new List<NodeHealthState>();
            while (await reader.ReadAsync(cancellationToken))
            {
                states.Add(new NodeHealthState(
                    reader.GetGuid(0),
                    (HealthStatus)reader.GetInt16(1),
                    reader.GetString(2),
                    reader.GetString(3),
                    (DecidedBy)reader.GetInt16(4),
                    reader.IsDBNull(5) ? null : reader.GetFieldValue<DateTimeOffset>(5),
                    reader.GetFieldValue<DateTimeOffset>(6),
                    HealthJson.Deserialize(reader.GetString(8)),
                    reader.GetInt32(7),
                    reader.GetBoolean(9)));
            }

            return states;
        });

    public Task SaveHealthAsync(IReadOnlyList<NodeHealthState> states, IReadOnlyList<string> actors, CancellationToken cancellationToken) =>
        states.Count == 0 ? Task.CompletedTask : GuardAsync(async () =>
        {
            // One row per node (the last state given wins): an upsert may not touch a row twice.
            var latest = new Dictionary<Guid, NodeHealthState>(states.Count);
            var actorOf = new Dictionary<Guid, string>(states.Count);
            for (var i = 0; i < states.Count; i++)
            {
                latest[states[i].NodeId] = states[i];
                actorOf[states[i].NodeId] = HistoryActors.OfHealth(actors, i);
            }

            await using var connection = await _dataSource.OpenConnectionAsync(cancellationToken);
            await using var tx = await connection.BeginTransactionAsync(cancellationToken);
            var saved = new List<(Guid NodeId, HealthStatus? From)>(latest.Count);
            foreach (var batch in latest.Values.OrderBy(s => s.NodeId).Chunk(HealthBatchSize))
            {
                await using var upsert = new NpgsqlCommand(UpsertHealthSql, connection, tx);
                var p = upsert.Parameters;
                p.Add(ArrayOf(NpgsqlDbType.Uuid, batch.Select(s => s.NodeId).ToArray()));
                p.Add(ArrayOf(NpgsqlDbType.Smallint, batch.Select(s => (short)s.Status).ToArray()));
                p.Add(ArrayOf(NpgsqlDbType.Text, batch.Select(s => s.Reason).ToArray()));
                p.Add(ArrayOf(NpgsqlDbType.Text, batch.Select(s => s.Message).ToArray()));
                p.Add(ArrayOf(NpgsqlDbType.Smallint, batch.Select(s => (short)s.DecidedBy).ToArray()));
                p.Add(ArrayOf(NpgsqlDbType.TimestampTz, batch.Select(s => s.LastHeartbeatTime is { } t ? Stored(t) : (DateTimeOffset?)null).ToArray()));
                p.Add(ArrayOf(NpgsqlDbType.TimestampTz, batch.Select(s => Stored(s.LastTransitionTime)).ToArray()));
                p.Add(ArrayOf(NpgsqlDbType.Integer, batch.Select(s => s.FlapCount).ToArray()));
                p.Add(ArrayOf(NpgsqlDbType.Text, batch.Select(s => HealthJson.Serialize(s.Conditions)).ToArray()));
                p.Add(ArrayOf(NpgsqlDbType.Boolean, batch.Select(s => s.Expected).ToArray()));
                await using var reader = await upsert.ExecuteReaderAsync(cancellationToken);
                while (await reader.ReadAsync(cancellationToken))
                {
                    saved.Add((reader.GetGuid(0), reader.IsDBNull(1) ? null : (HealthStatus)reader.GetInt16(1)));
                }
            }

            // One HealthChanged per state saved (not per node skipped), as stored: times in microseconds.
            var events = saved.Select(x => (State: latest[x.NodeId], x.From)).Select(x => new EventRow(ChangeKind.HealthChanged, x.State.NodeId,
                ChangeEventJson.Serialize(x.State with
                {
                    LastHeartbeatTime = x.State.LastHeartbeatTime is { } t ? Stored(t) : null,
                    LastTransitionTime = Stored(x.State.LastTransitionTime),
                }),
                actorOf[x.State.NodeId], HistoryJson.Serialize(HistoryDetails.Health(x.From, x.State)))).ToList();
            await AppendEventsAsync(connection, tx, events, cancellationToken);
            await tx.CommitAsync(cancellationToken);
            return true;
        });

    public Task FlushLastHeartbeatsAsync(IReadOnlyList<(Guid NodeId, DateTimeOffset Time)> heartbeats, CancellationToken cancellationToken) =>
        heartbeats.Count == 0 ? Task.CompletedTask : GuardAsync(async () =>
        {
            // One time per node (the newest): an UPDATE ... FROM applies only one of several matches.
            var newest = new Dictionary<Guid, DateTimeOffset>(heartbeats.Count);
            foreach (var (nodeId, time) in heartbeats)
            {
                var stored = Stored(time);
                if (!newest.TryGetValue(nodeId, out var seen) || seen < stored)
                {
                    newest[nodeId] = stored;
                }
            }

            await using var update = _dataSource.CreateCommand(FlushHeartbeatsSql);
            update.Parameters.Add(ArrayOf(NpgsqlDbType.Uuid, newest.Keys.ToArray()));
            update.Parameters.Add(ArrayOf(NpgsqlDbType.TimestampTz, newest.Values.ToArray()));
            await update.ExecuteNonQueryAsync(cancellationToken);
            return true;
        });

    private static NpgsqlParameter<T[]> ArrayOf<T>(NpgsqlDbType elementType, T[] values) =>
        new() { NpgsqlDbType = NpgsqlDbType.Array | elementType, TypedValue = values };
}
