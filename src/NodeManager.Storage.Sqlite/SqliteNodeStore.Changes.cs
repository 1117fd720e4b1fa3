using Microsoft.Data.Sqlite;
using NodeManager.Core.Changes;
using NodeManager.Core.History;
using NodeManager.Core.Storage;

namespace NodeManager.Storage.Sqlite;

/// <summary>
/// The change feed. Events are appended on the single writer inside the write's transaction, so
/// revisions (AUTOINCREMENT: never reused, even after compaction empties the table) increase in
/// commit order. Waiters are woken in process after each commit that appended events: with SQLite
/// there is no other instance to hear from.
/// </summary>
public sealed partial class SqliteNodeStore : IChangeFeed
{
    private const string AppendEventSql = "INSERT INTO events (time, kind, node_id, payload) VALUES ($time, $kind, $node, $payload)";

    private const string AppendHistorySql =
        "INSERT INTO node_history (node_id, revision, time, kind, actor, detail) VALUES ($node, last_insert_rowid(), $time, $kind, $actor, $detail)";

    private readonly Lock _signalGate = new();
    private TaskCompletionSource _eventsCommitted = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>Set (under the write gate) when the open write transaction appended an event.</summary>
    private bool _eventsAppended;

    public async Task<IReadOnlyList<ChangeEvent>> ReadEventsAsync(long afterRevision, int limit, CancellationToken cancellationToken)
    {
        try
        {
            await using var connection = await OpenAsync(cancellationToken);
            await using var command = Command(connection,
                "SELECT revision, time, kind, node_id, payload FROM events WHERE revision > $after ORDER BY revision LIMIT $limit",
                null, ("$after", afterRevision), ("$limit", limit));
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            var events = new List<ChangeEvent>();
            while (await reader.ReadAsync(cancellationToken))
            {
                events.Add(ChangeEventJson.ToEvent(
                    reader.GetInt64(0), new DateTimeOffset(reader.GetInt64(1), TimeSpan.Zero), (ChangeKind)reader.GetInt32(2),
                    Guid.Parse(reader.GetString(3)), reader.GetString(4)));
            }

            return events;
        }
        catch (SqliteException ex) when (SqliteErrors.IsUnavailable(ex))
        {
            throw SqliteErrors.Unavailable(ex);
        }
    }

    public async Task<RevisionRange> GetRevisionRangeAsync(CancellationToken cancellationToken)
    {
        try
        {
            await using var connection = await OpenAsync(cancellationToken);
            await using var command = Command(connection,
                "SELECT compacted_through, coalesce((SELECT max(revision) FROM events), compacted_through) FROM feed_state WHERE id = 1");
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            await reader.ReadAsync(cancellationToken);
            return new RevisionRange(reader.GetInt64(0), reader.GetInt64(1));
        }
        catch (SqliteException ex) when (SqliteErrors.IsUnavailable(ex))
        {
            throw SqliteErrors.Unavailable(ex);
        }
    }

    /// <summary>Deletes a prefix of the feed: every event up to the newest one older than the cut-off, sparing the newest <paramref name="keepAtLeast"/>.</summary>
    public async Task<int> CompactEventsAsync(DateTimeOffset olderThan, int keepAtLeast, CancellationToken cancellationToken)
    {
        var deleted = 0;
        await WriteAsync((connection, tx) =>
        {
            using var cutoff = Command(connection, """
                SELECT (SELECT max(revision) FROM events WHERE time < $older),
                       (SELECT revision FROM events ORDER BY revision DESC LIMIT 1 OFFSET $keep)
                """, tx, ("$older", olderThan.UtcTicks), ("$keep", Math.Max(keepAtLeast, 0)));
            using var reader = cutoff.ExecuteReader();
            reader.Read();
            if (!reader.IsDBNull(0) && !reader.IsDBNull(1))
            {
                var through = Math.Min(reader.GetInt64(0), reader.GetInt64(1));
                using var delete = Command(connection, "DELETE FROM events WHERE revision <= $through", tx, ("$through", through));
                deleted = delete.ExecuteNonQuery();
                using var state = Command(connection,
                    "UPDATE feed_state SET compacted_through = max(compacted_through, $through) WHERE id = 1", tx, ("$through", through));
                state.ExecuteNonQuery();
            }

            return Task.FromResult(WriteResult.Ok(null));
        }, cancellationToken);
        return deleted;
    }

    public async Task WaitForEventsAsync(TimeSpan timeout, CancellationToken cancellationToken)
    {
        Task committed;
        lock (_signalGate)
        {
            committed = _eventsCommitted.Task;
        }

        try
        {
            await committed.WaitAsync(timeout, _time, cancellationToken);
        }
        catch (TimeoutException)
        {
            // Nothing committed in time: the caller reads again anyway.
        }
    }

    /// <summary>Prepared inserts into the feed and the history for the open write transaction; see <see cref="EventWriter.Append"/>.</summary>
    private EventWriter EventCommand(SqliteConnection connection, SqliteTransaction tx) => new(this, connection, tx);

    private void AppendEvent(SqliteConnection connection, SqliteTransaction tx, ChangeKind kind, Guid nodeId, string payload, string actor, HistoryDetail detail)
    {
        using var writer = EventCommand(connection, tx);
        writer.Append(kind, nodeId, payload, actor, detail);
    }

    /// <summary>
    /// Appends a change event and, in the same transaction, the node's history entry of the same revision
    /// (<c>last_insert_rowid()</c> of the event: AUTOINCREMENT makes the rowid the revision).
    /// </summary>
    private sealed class EventWriter : IDisposable, IAsyncDisposable
    {
        private readonly SqliteNodeStore _store;
        private readonly SqliteCommand _event;
        private readonly SqliteCommand _history;

        public EventWriter(SqliteNodeStore store, SqliteConnection connection, SqliteTransaction tx)
        {
            _store = store;
            _event = Prepared(connection, tx, AppendEventSql, "$time", "$kind", "$node", "$payload");
            _history = Prepared(connection, tx, AppendHistorySql, "$time", "$kind", "$node", "$actor", "$detail");
        }

        public void Append(ChangeKind kind, Guid nodeId, string payload, string actor, HistoryDetail detail) =>
            Append(kind, nodeId, payload, actor, HistoryJson.Serialize(detail));

        public void Append(ChangeKind kind, Guid nodeId, string payload, string actor, string detail)
        {
            var time = _store._time.GetUtcNow().UtcTicks;
            var node = Text(nodeId);
            var p = _event.Parameters;
            p["$time"].Value = time;
            p["$kind"].Value = (int)kind;
            p["$node"].Value = node;
            p["$payload"].Value = payload;
            _event.ExecuteNonQuery();
            var h = _history.Parameters;
            h["$time"].Value = time;
            h["$kind"].Value = (int)kind;
            h["$node"].Value = node;
            h["$actor"].Value = actor;
            h["$detail"].Value = detail;
            _history.ExecuteNonQuery();
            _store._eventsAppended = true;
        }

        public void Dispose()
        {
            _event.Dispose();
            _history.Dispose();
        }

        public async ValueTask DisposeAsync()
        {
            await _event.DisposeAsync();
            await _history.DisposeAsync();
        }

        private static SqliteCommand Prepared(SqliteConnection connection, SqliteTransaction tx, string sql, params string[] names)
        {
            var command = Command(connection, sql, tx);
            foreach (var name in names)
            {
                command.Parameters.Add(new SqliteParameter { ParameterName = name });
            }

            command.Prepare();
            return command;
        }
    }

    /// <summary>Wakes every waiter; called after a commit that appended events.</summary>
    private void SignalEventsCommitted()
    {
        TaskCompletionSource committed;
        lock (_signalGate)
        {
            committed = _eventsCommitted;
            _eventsCommitted = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        }

        committed.TrySetResult();
    }
}
