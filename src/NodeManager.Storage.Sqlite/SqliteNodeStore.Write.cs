using Microsoft.Data.Sqlite;
using NodeManager.Core.Changes;
using NodeManager.Core.History;
using NodeManager.Core.Nodes;
using NodeManager.Core.Storage;

namespace NodeManager.Storage.Sqlite;

public sealed partial class SqliteNodeStore
{
    private const int ParallelJsonThreshold = 1_000;

    private const string InsertSql = """
        INSERT INTO nodes (id, name, ip, mac, lifecycle_state, version, create_time, update_time, spec)
        VALUES ($id, $name, $ip, $mac, $state, $version, $created, $updated, $spec)
        """;

    private const string UpdateSql = """
        UPDATE nodes SET name = $name, ip = $ip, mac = $mac, lifecycle_state = $state, version = $version,
            update_time = $updated, spec = $spec
        WHERE id = $id AND version = $expected
        """;

    public Task<WriteResult> CreateAsync(Node node, string actor, CancellationToken cancellationToken) =>
        WriteAsync(async (connection, tx) =>
        {
            if (await FindConflictAsync(connection, tx, node.Id, node.Spec, checkId: true, cancellationToken) is { } conflict)
            {
                return WriteResult.Conflicting(conflict);
            }

            await using var insert = NodeCommand(connection, tx, InsertSql, node);
            await insert.ExecuteNonQueryAsync(cancellationToken);
            AppendEvent(connection, tx, ChangeKind.NodeCreated, node.Id, ChangeEventJson.Serialize(node), actor, HistoryDetails.Named(node));
            return WriteResult.Ok(node);
        }, cancellationToken);

    public Task<WriteResult> UpdateAsync(Guid id, NodeSpec spec, long expectedVersion, DateTimeOffset now, string actor, CancellationToken cancellationToken) =>
        WriteAsync(async (connection, tx) =>
        {
            await using var read = Command(connection, $"SELECT {Columns} FROM nodes WHERE id = $id", tx, ("$id", Text(id)));
            var current = (await ReadNodesAsync(read, cancellationToken)).SingleOrDefault();
            if (current is null)
            {
                return WriteResult.NotFound;
            }

            if (expectedVersion != 0 && current.Version != expectedVersion)
            {
                return WriteResult.Mismatch(current.Version);
            }

            if (await FindConflictAsync(connection, tx, id, spec, checkId: false, cancellationToken) is { } conflict)
            {
                return WriteResult.Conflicting(conflict);
            }

            var updated = current with { Spec = spec, Version = current.Version + 1, UpdateTime = now };
            await using var update = NodeCommand(connection, tx, UpdateSql, updated, current.Version);
            await update.ExecuteNonQueryAsync(cancellationToken);
            AppendEvent(connection, tx, ChangeKind.NodeUpdated, id, ChangeEventJson.Serialize(updated), actor, HistoryDetails.Updated(current.Spec, spec));
            return WriteResult.Ok(updated);
        }, cancellationToken);

    public Task<WriteResult> DeleteAsync(Guid id, long expectedVersion, string actor, CancellationToken cancellationToken) =>
        WriteAsync(async (connection, tx) =>
        {
            await using var read = Command(connection, $"SELECT {Columns} FROM nodes WHERE id = $id", tx, ("$id", Text(id)));
            if ((await ReadNodesAsync(read, cancellationToken)).SingleOrDefault() is not { } current)
            {
                return WriteResult.NotFound;
            }

            if (expectedVersion != 0 && current.Version != expectedVersion)
            {
                return WriteResult.Mismatch(current.Version);
            }

            await using var delete = Command(connection, "DELETE FROM nodes WHERE id = $id", tx, ("$id", Text(id)));
            await delete.ExecuteNonQueryAsync(cancellationToken);
            AppendEvent(connection, tx, ChangeKind.NodeDeleted, id, ChangeEventJson.Serialize(current), actor, HistoryDetails.Named(current));
            return WriteResult.Ok(null);
        }, cancellationToken);

    public Task<WriteResult> ApplyBatchAsync(IReadOnlyList<Node> creates, IReadOnlyList<NodeUpdate> updates, string actor, CancellationToken cancellationToken) =>
        WriteAsync(async (connection, tx) =>
        {
            await using var events = EventCommand(connection, tx);
            await using var insert = NodeCommand(connection, tx, InsertSql, null);
            insert.Prepare();
            foreach (var (node, spec, payload, detail) in Serialized(creates, null, cancellationToken))
            {
                Bind(insert, node, spec: spec);
                await insert.ExecuteNonQueryAsync(cancellationToken);
                events.Append(ChangeKind.NodeCreated, node.Id, payload, actor, detail);
            }

            await using var update = NodeCommand(connection, tx, UpdateSql, null, 0);
            update.Prepare();
            foreach (var ((node, spec, payload, detail), expected) in Serialized(updates.Select(u => u.Node).ToList(), updates, cancellationToken).Zip(updates.Select(u => u.ExpectedVersion)))
            {
                Bind(update, node, expected, spec);
                if (await update.ExecuteNonQueryAsync(cancellationToken) == 0)
                {
                    await using var read = Command(connection, "SELECT version FROM nodes WHERE id = $id", tx, ("$id", Text(node.Id)));
                    return await read.ExecuteScalarAsync(cancellationToken) is long current ? WriteResult.Mismatch(current) : WriteResult.Mismatch(0);
                }

                events.Append(ChangeKind.NodeUpdated, node.Id, payload, actor, detail);
            }

            return WriteResult.Ok(null);
        }, cancellationToken);

    /// <summary>
    /// Runs <paramref name="work"/> in an immediate transaction on the writer; commits only on
    /// <see cref="WriteOutcome.Ok"/>, then wakes change-feed waiters if the work appended events.
    /// </summary>
    private async Task<WriteResult> WriteAsync(Func<SqliteConnection, SqliteTransaction, Task<WriteResult>> work, CancellationToken cancellationToken)
    {
        await _writeGate.WaitAsync(cancellationToken);
        try
        {
            var connection = _writer ?? throw new StoreUnavailableException("the SQLite store is not open (not initialized yet, or closed at shutdown)");
            await using var tx = connection.BeginTransaction(deferred: false);
            WriteResult result;
            try
            {
                result = await work(connection, tx);
            }
            catch (SqliteException ex) when (SqliteErrors.IsUniqueViolation(ex))
            {
                result = WriteResult.Conflicting(new NodeConflict(SqliteErrors.ViolatedField(ex), "", Guid.Empty));
            }

            if (result.Outcome == WriteOutcome.Ok)
            {
                await tx.CommitAsync(CancellationToken.None);
                if (_eventsAppended)
                {
                    SignalEventsCommitted();
                }
            }
            else
            {
                await tx.RollbackAsync(CancellationToken.None);
            }

            return result;
        }
        catch (SqliteException ex) when (SqliteErrors.IsUnavailable(ex))
        {
            throw SqliteErrors.Unavailable(ex);
        }
        finally
        {
            _eventsAppended = false;
            _writeGate.Release();
        }
    }

    private static async Task<NodeConflict?> FindConflictAsync(SqliteConnection connection, SqliteTransaction tx, Guid id, NodeSpec spec, bool checkId, CancellationToken cancellationToken)
    {
        await using var command = Command(connection,
            "SELECT id, name, ip, mac FROM nodes WHERE id = $id OR name = $name OR ip = $ip OR mac = $mac",
            tx, ("$id", Text(id)), ("$name", spec.Name), ("$ip", spec.Ip), ("$mac", spec.Mac.Length == 0 ? DBNull.Value : spec.Mac));
        var others = new List<(Guid, string, string, string?)>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            others.Add((Guid.Parse(reader.GetString(0)), reader.GetString(1), reader.GetString(2), reader.IsDBNull(3) ? null : reader.GetString(3)));
        }

        return UniqueKeys.FindConflict(id, spec, others, checkId);
    }

    private static SqliteCommand NodeCommand(SqliteConnection connection, SqliteTransaction tx, string sql, Node? node, long? expected = null)
    {
        var command = Command(connection, sql, tx);
        foreach (var name in new[] { "$id", "$name", "$ip", "$mac", "$state", "$version", "$updated", "$spec" })
        {
            command.Parameters.Add(new SqliteParameter { ParameterName = name });
        }

        if (sql == InsertSql)
        {
            command.Parameters.Add(new SqliteParameter { ParameterName = "$created" });
        }

        if (expected is not null)
        {
            command.Parameters.Add(new SqliteParameter { ParameterName = "$expected" });
        }

        if (node is not null)
        {
            Bind(command, node, expected);
        }

        return command;
    }

    /// <summary>
    /// The nodes in order, each with its spec as JSON, its change-event payload and its history detail
    /// (of <paramref name="updates"/> when they are updates); for an import serialized on other cores while the writer inserts earlier rows.
    /// </summary>
    private static IEnumerable<(Node Node, string Spec, string Payload, string Detail)> Serialized(
        IReadOnlyList<Node> nodes, IReadOnlyList<NodeUpdate>? updates, CancellationToken cancellationToken)
    {
        (Node, string, string, string) Serialize(Node n, int i) => (n, NodeSpecJson.Serialize(n.Spec), ChangeEventJson.Serialize(n),
            HistoryJson.Serialize(updates is null ? HistoryDetails.Named(n) : HistoryDetails.Updated(updates[i].Previous, n.Spec)));
        return nodes.Count < ParallelJsonThreshold
            ? nodes.Select(Serialize)
            : nodes.AsParallel().AsOrdered().WithCancellation(cancellationToken).Select(Serialize);
    }

    private static void Bind(SqliteCommand command, Node node, long? expected = null, string? spec = null)
    {
        var p = command.Parameters;
        p["$id"].Value = Text(node.Id);
        p["$name"].Value = node.Spec.Name;
        p["$ip"].Value = node.Spec.Ip;
        p["$mac"].Value = node.Spec.Mac.Length == 0 ? DBNull.Value : node.Spec.Mac;
        p["$state"].Value = (int)node.LifecycleState;
        p["$version"].Value = node.Version;
        p["$updated"].Value = node.UpdateTime.UtcTicks;
        p["$spec"].Value = spec ?? NodeSpecJson.Serialize(node.Spec);
        if (p.Contains("$created"))
        {
            p["$created"].Value = node.CreateTime.UtcTicks;
        }

        if (expected is not null)
        {
            p["$expected"].Value = expected.Value;
        }
    }
}
