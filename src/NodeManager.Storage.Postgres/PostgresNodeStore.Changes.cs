using Npgsql;
using NpgsqlTypes;
using NodeManager.Core.Changes;
using NodeManager.Core.History;
using NodeManager.Core.Storage;

namespace NodeManager.Storage.Postgres;

/// <summary>
/// The change feed. A bigserial alone would not number events in commit order: two transactions
/// can take revisions 7 and 8 and commit 8 first, and a watcher that read 8 would never see 7.
/// So every transaction that appends events first takes one transaction-scoped advisory lock
/// (<see cref="PostgresMigrations.EventsLockKey"/>) and holds it until it commits: appenders take
/// their revisions one transaction at a time, in the order they commit. The lock is taken just
/// before the append, as the transaction's last statement, so it is held only for the append and
/// the commit (PostgreSQL releases it after the commit is visible, so the next appender's revision
/// can only become visible later). Holders of the lock wait for nothing else (the node rows are
/// written before it is taken), so it cannot deadlock. Compaction deletes a committed prefix and
/// needs no lock. The same transaction sends <c>NOTIFY</c>, delivered to listeners at commit.
/// </summary>
public sealed partial class PostgresNodeStore : IChangeFeed
{
    /// <summary>
    /// Takes a block of revisions (as <see cref="ReserveRevisionsSql"/>) for the events given as arrays, in
    /// order, and writes each event and its node's history entry with the same revision, in one statement.
    /// </summary>
    private const string AppendEventsSql = """
        WITH r AS MATERIALIZED (
            SELECT setval(pg_get_serial_sequence('events', 'revision'),
                nextval(pg_get_serial_sequence('events', 'revision')) + cardinality($2::smallint[]) - 1) AS last),
        v AS MATERIALIZED (
            SELECT (SELECT last FROM r) - cardinality($2::smallint[]) + u.ord AS revision, u.kind, u.node_id, u.payload, u.actor, u.detail
            FROM unnest($2::smallint[], $3::uuid[], $4::text[], $5::text[], $6::text[]) WITH ORDINALITY AS u(kind, node_id, payload, actor, detail, ord)),
        e AS (INSERT INTO events (revision, time, kind, node_id, payload) SELECT revision, $1, kind, node_id, payload::jsonb FROM v)
        INSERT INTO node_history (node_id, revision, time, kind, actor, detail) SELECT node_id, revision, $1, kind, actor, detail::jsonb FROM v
        """;

    /// <summary>
    /// Takes $1 consecutive revisions from the events' sequence and answers the last. Only holders of the events lock
    /// draw from the sequence, so the block is theirs, and revisions still grow in commit order.
    /// </summary>
    private const string ReserveRevisionsSql =
        "SELECT setval(pg_get_serial_sequence('events', 'revision'), nextval(pg_get_serial_sequence('events', 'revision')) + $1 - 1)";

    /// <summary>From this many events on (an import), the append streams them by COPY instead of sending arrays.</summary>
    private const int CopyEventsThreshold = 1_000;

    private const string CopyEventsSql = "COPY events (revision, time, kind, node_id, payload) FROM STDIN (FORMAT BINARY)";

    private const string CopyHistorySql = "COPY node_history (node_id, revision, time, kind, actor, detail) FROM STDIN (FORMAT BINARY)";

    /// <summary>The last revision to delete: the newest event older than $1, but never one of the newest $2.</summary>
    private const string CompactionCutoffSql = """
        SELECT (SELECT max(revision) FROM events WHERE time < $1),
               (SELECT revision FROM events ORDER BY revision DESC LIMIT 1 OFFSET $2)
        """;

    public Task<IReadOnlyList<ChangeEvent>> ReadEventsAsync(long afterRevision, int limit, CancellationToken cancellationToken) =>
        GuardAsync<IReadOnlyList<ChangeEvent>>(async () =>
        {
            await using var command = _dataSource.CreateCommand(
                "SELECT revision, time, kind, node_id, payload FROM events WHERE revision > $1 ORDER BY revision LIMIT $2");
            command.Parameters.Add(new NpgsqlParameter<long> { TypedValue = afterRevision });
            command.Parameters.Add(new NpgsqlParameter<long> { TypedValue = limit });
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            var events = new List<ChangeEvent>();
            while (await reader.ReadAsync(cancellationToken))
            {
                events.Add(ChangeEventJson.ToEvent(
                    reader.GetInt64(0), reader.GetFieldValue<DateTimeOffset>(1), (ChangeKind)reader.GetInt16(2), reader.GetGuid(3), reader.GetString(4)));
            }

            return events;
        });

    public Task<RevisionRange> GetRevisionRangeAsync(CancellationToken cancellationToken) =>
        GuardAsync(async () =>
        {
            await using var command = _dataSource.CreateCommand(
                "SELECT compacted_through, coalesce((SELECT max(revision) FROM events), compacted_through) FROM feed_state WHERE id = 1");
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            await reader.ReadAsync(cancellationToken);
            return new RevisionRange(reader.GetInt64(0), reader.GetInt64(1));
        });

    /// <summary>Deletes a prefix of the feed (revisions up to a cut-off) and records the cut-off, in one transaction.</summary>
    public Task<int> CompactEventsAsync(DateTimeOffset olderThan, int keepAtLeast, CancellationToken cancellationToken) =>
        GuardAsync(async () =>
        {
            await using var connection = await _dataSource.OpenConnectionAsync(cancellationToken);
            await using var tx = await connection.BeginTransactionAsync(cancellationToken);
            long? through = null;
            await using (var cutoff = Command(connection, tx, CompactionCutoffSql, Stored(olderThan), (long)Math.Max(keepAtLeast, 0)))
            await using (var reader = await cutoff.ExecuteReaderAsync(cancellationToken))
            {
                await reader.ReadAsync(cancellationToken);
                if (!reader.IsDBNull(0) && !reader.IsDBNull(1))
                {
                    through = Math.Min(reader.GetInt64(0), reader.GetInt64(1));
                }
            }

            var deleted = 0;
            if (through is { } last)
            {
                await using var delete = Command(connection, tx, "DELETE FROM events WHERE revision <= $1", last);
                deleted = await delete.ExecuteNonQueryAsync(cancellationToken);
                await ExecuteAsync(connection, tx,
                    "UPDATE feed_state SET compacted_through = greatest(compacted_through, $1) WHERE id = 1", cancellationToken, last);
            }

            await tx.CommitAsync(cancellationToken);
            return deleted;
        });

    /// <summary>
    /// Appends <paramref name="events"/> in order under the events lock, each with its node's history entry of
    /// the same revision, and notifies listeners: in one round trip, or for an import by COPY. Call it last in
    /// the transaction, right before commit: the lock is held until then.
    /// </summary>
    private async Task AppendEventsAsync(NpgsqlConnection connection, NpgsqlTransaction tx, IReadOnlyList<EventRow> events, CancellationToken cancellationToken)
    {
        if (events.Count == 0)
        {
            return;
        }

        var now = Stored(_time.GetUtcNow());
        if (events.Count >= CopyEventsThreshold)
        {
            await CopyEventsAsync(connection, tx, now, events, cancellationToken);
            return;
        }

        await using var batch = new NpgsqlBatch(connection, tx);
        var lockCommand = new NpgsqlBatchCommand("SELECT pg_advisory_xact_lock($1)");
        lockCommand.Parameters.Add(new NpgsqlParameter<long> { TypedValue = PostgresMigrations.EventsLockKey });
        var append = new NpgsqlBatchCommand(AppendEventsSql);
        append.Parameters.Add(new NpgsqlParameter<DateTimeOffset> { NpgsqlDbType = NpgsqlDbType.TimestampTz, TypedValue = now });
        append.Parameters.Add(ArrayOf(NpgsqlDbType.Smallint, events.Select(e => (short)e.Kind).ToArray()));
        append.Parameters.Add(ArrayOf(NpgsqlDbType.Uuid, events.Select(e => e.NodeId).ToArray()));
        append.Parameters.Add(ArrayOf(NpgsqlDbType.Text, events.Select(e => e.Payload).ToArray()));
        append.Parameters.Add(ArrayOf(NpgsqlDbType.Text, events.Select(e => e.Actor).ToArray()));
        append.Parameters.Add(ArrayOf(NpgsqlDbType.Text, events.Select(e => e.Detail).ToArray()));
        batch.BatchCommands.Add(lockCommand);
        batch.BatchCommands.Add(append);
        batch.BatchCommands.Add(new NpgsqlBatchCommand($"NOTIFY {EventsChannel}"));
        await batch.ExecuteNonQueryAsync(cancellationToken);
    }

    private static async Task CopyEventsAsync(
        NpgsqlConnection connection, NpgsqlTransaction tx, DateTimeOffset now, IReadOnlyList<EventRow> events, CancellationToken cancellationToken)
    {
        await ExecuteAsync(connection, tx, "SELECT pg_advisory_xact_lock($1)", cancellationToken, PostgresMigrations.EventsLockKey);
        long first;
        await using (var reserve = Command(connection, tx, ReserveRevisionsSql, (long)events.Count))
        {
            first = Convert.ToInt64(await reserve.ExecuteScalarAsync(cancellationToken)) - events.Count + 1;
        }

        await using (var importer = await connection.BeginBinaryImportAsync(CopyEventsSql, cancellationToken))
        {
            var revision = first;
            foreach (var e in events)
            {
                await importer.StartRowAsync(cancellationToken);
                await importer.WriteAsync(revision++, NpgsqlDbType.Bigint, cancellationToken);
                await importer.WriteAsync(now, NpgsqlDbType.TimestampTz, cancellationToken);
                await importer.WriteAsync((short)e.Kind, NpgsqlDbType.Smallint, cancellationToken);
                await importer.WriteAsync(e.NodeId, NpgsqlDbType.Uuid, cancellationToken);
                await importer.WriteAsync(e.Payload, NpgsqlDbType.Jsonb, cancellationToken);
            }

            await importer.CompleteAsync(cancellationToken);
        }

        await using (var importer = await connection.BeginBinaryImportAsync(CopyHistorySql, cancellationToken))
        {
            var revision = first;
            foreach (var e in events)
            {
                await importer.StartRowAsync(cancellationToken);
                await importer.WriteAsync(e.NodeId, NpgsqlDbType.Uuid, cancellationToken);
                await importer.WriteAsync(revision++, NpgsqlDbType.Bigint, cancellationToken);
                await importer.WriteAsync(now, NpgsqlDbType.TimestampTz, cancellationToken);
                await importer.WriteAsync((short)e.Kind, NpgsqlDbType.Smallint, cancellationToken);
                await importer.WriteAsync(e.Actor, NpgsqlDbType.Text, cancellationToken);
                await importer.WriteAsync(e.Detail, NpgsqlDbType.Jsonb, cancellationToken);
            }

            await importer.CompleteAsync(cancellationToken);
        }

        await ExecuteAsync(connection, tx, $"NOTIFY {EventsChannel}", cancellationToken);
    }

    private Task AppendEventAsync(
        NpgsqlConnection connection, NpgsqlTransaction tx, ChangeKind kind, Guid nodeId, string payload, string actor, HistoryDetail detail, CancellationToken cancellationToken) =>
        AppendEventsAsync(connection, tx, [new EventRow(kind, nodeId, payload, actor, HistoryJson.Serialize(detail))], cancellationToken);

    /// <summary>A change event to append and its history entry: who made it and the entry's detail as JSON.</summary>
    private readonly record struct EventRow(ChangeKind Kind, Guid NodeId, string Payload, string Actor, string Detail);
}
