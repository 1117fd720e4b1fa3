using Npgsql;
using NpgsqlTypes;
using NodeManager.Core.Changes;
using NodeManager.Core.History;
using NodeManager.Core.Nodes;
using NodeManager.Core.Storage;

namespace NodeManager.Storage.Postgres;

public sealed partial class PostgresNodeStore
{
    private const string InsertSql = """
        INSERT INTO nodes (id, name, ip, mac, lifecycle_state, version, create_time, update_time, spec)
        VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)
        """;

    private const string UpdateSql = """
        UPDATE nodes SET name = $2, ip = $3, mac = $4, lifecycle_state = $5, version = $6, update_time = $8, spec = $9
        WHERE id = $1
        """;

    private const int MaxWriteAttempts = 3;

    public Task<WriteResult> CreateAsync(Node node, string actor, CancellationToken cancellationToken)
    {
        var stored = node with { CreateTime = Stored(node.CreateTime), UpdateTime = Stored(node.UpdateTime) };
        return WriteAsync(
            async (connection, tx) =>
            {
                if (await FindConflictAsync(connection, tx, node.Id, node.Spec, checkId: true, cancellationToken) is { } conflict)
                {
                    return WriteResult.Conflicting(conflict);
                }

                await using var insert = NodeCommand(connection, tx, InsertSql, stored);
                await insert.ExecuteNonQueryAsync(cancellationToken);
                await AppendEventAsync(connection, tx, ChangeKind.NodeCreated, stored.Id, ChangeEventJson.Serialize(stored), actor, HistoryDetails.Named(stored), cancellationToken);
                return WriteResult.Ok(stored);
            },
            (connection, violation) => FindConflictAsync(connection, null, node.Id, node.Spec, checkId: true, cancellationToken),
            cancellationToken);
    }

    public Task<WriteResult> UpdateAsync(Guid id, NodeSpec spec, long expectedVersion, DateTimeOffset now, string actor, CancellationToken cancellationToken) =>
        WriteAsync(
            async (connection, tx) =>
            {
                await using var read = Command(connection, tx, $"SELECT {Columns} FROM nodes WHERE id = $1 FOR UPDATE", id);
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

                var updated = current with { Spec = spec, Version = current.Version + 1, UpdateTime = Stored(now) };
                await using var update = NodeCommand(connection, tx, UpdateSql, updated);
                await update.ExecuteNonQueryAsync(cancellationToken);
                await AppendEventAsync(connection, tx, ChangeKind.NodeUpdated, id, ChangeEventJson.Serialize(updated), actor, HistoryDetails.Updated(current.Spec, spec), cancellationToken);
                return WriteResult.Ok(updated);
            },
            (connection, violation) => FindConflictAsync(connection, null, id, spec, checkId: false, cancellationToken),
            cancellationToken);

    public Task<WriteResult> DeleteAsync(Guid id, long expectedVersion, string actor, CancellationToken cancellationToken) =>
        WriteAsync(
            async (connection, tx) =>
            {
                await using var read = Command(connection, tx, $"SELECT {Columns} FROM nodes WHERE id = $1 FOR UPDATE", id);
                if ((await ReadNodesAsync(read, cancellationToken)).SingleOrDefault() is not { } current)
                {
                    return WriteResult.NotFound;
                }

                if (expectedVersion != 0 && current.Version != expectedVersion)
                {
                    return WriteResult.Mismatch(current.Version);
                }

                await ExecuteAsync(connection, tx, "DELETE FROM nodes WHERE id = $1", cancellationToken, id);
                await ExecuteAsync(connection, tx, "DELETE FROM node_heartbeats WHERE node_id = $1", cancellationToken, id);
                await AppendEventAsync(connection, tx, ChangeKind.NodeDeleted, id, ChangeEventJson.Serialize(current), actor, HistoryDetails.Named(current), cancellationToken);
                return WriteResult.Ok(null);
            },
            (connection, violation) => Task.FromResult<NodeConflict?>(null),
            cancellationToken);

    /// <summary>
    /// Runs <paramref name="work"/> in a read-committed transaction; commits only on <see cref="WriteOutcome.Ok"/>.
    /// A unique violation (a concurrent writer took a value after the pre-check) rolls back and asks
    /// <paramref name="explain"/>, on the same connection, which node holds the value now; when none
    /// does (that writer rolled back), the work is tried again.
    /// </summary>
    private Task<WriteResult> WriteAsync(
        Func<NpgsqlConnection, NpgsqlTransaction, Task<WriteResult>> work,
        Func<NpgsqlConnection, PostgresException, Task<NodeConflict?>> explain,
        CancellationToken cancellationToken) =>
        GuardAsync(async () =>
        {
            await using var connection = await _dataSource.OpenConnectionAsync(cancellationToken);
            for (var attempt = 1; ; attempt++)
            {
                PostgresException violation;
                await using (var tx = await connection.BeginTransactionAsync(cancellationToken))
                {
                    try
                    {
                        var result = await work(connection, tx);
                        if (result.Outcome == WriteOutcome.Ok)
                        {
                            await tx.CommitAsync(cancellationToken);
                        }
                        else
                        {
                            await tx.RollbackAsync(CancellationToken.None);
                        }

                        return result;
                    }
                    catch (PostgresException ex) when (PostgresErrors.IsUniqueViolation(ex))
                    {
                        await tx.RollbackAsync(CancellationToken.None);
                        violation = ex;
                    }
                }

                if (await explain(connection, violation) is { } conflict)
                {
                    return WriteResult.Conflicting(conflict);
                }

                if (attempt == MaxWriteAttempts)
                {
                    return WriteResult.Conflicting(new NodeConflict(PostgresErrors.ViolatedField(violation), "", Guid.Empty));
                }
            }
        });

    private static async Task<NodeConflict?> FindConflictAsync(NpgsqlConnection connection, NpgsqlTransaction? tx, Guid id, NodeSpec spec, bool checkId, CancellationToken cancellationToken)
    {
        await using var command = Command(connection, tx,
            "SELECT id, name, ip, mac FROM nodes WHERE id = $1 OR name = $2 OR ip = $3 OR mac = $4",
            id, spec.Name, spec.Ip, spec.Mac.Length == 0 ? DBNull.Value : spec.Mac);
        var others = new List<(Guid, string, string, string?)>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            others.Add((reader.GetGuid(0), reader.GetString(1), reader.GetString(2), reader.IsDBNull(3) ? null : reader.GetString(3)));
        }

        return UniqueKeys.FindConflict(id, spec, others, checkId);
    }

    private static NpgsqlCommand NodeCommand(NpgsqlConnection connection, NpgsqlTransaction tx, string sql, Node node)
    {
        var command = new NpgsqlCommand(sql, connection, tx);
        var p = command.Parameters;
        p.Add(new NpgsqlParameter<Guid> { NpgsqlDbType = NpgsqlDbType.Uuid, TypedValue = node.Id });
        p.Add(new NpgsqlParameter<string> { NpgsqlDbType = NpgsqlDbType.Text, TypedValue = node.Spec.Name });
        p.Add(new NpgsqlParameter<string> { NpgsqlDbType = NpgsqlDbType.Text, TypedValue = node.Spec.Ip });
        p.Add(new NpgsqlParameter { NpgsqlDbType = NpgsqlDbType.Text, Value = node.Spec.Mac.Length == 0 ? DBNull.Value : node.Spec.Mac });
        p.Add(new NpgsqlParameter<short> { NpgsqlDbType = NpgsqlDbType.Smallint, TypedValue = (short)node.LifecycleState });
        p.Add(new NpgsqlParameter<long> { NpgsqlDbType = NpgsqlDbType.Bigint, TypedValue = node.Version });
        p.Add(new NpgsqlParameter<DateTimeOffset> { NpgsqlDbType = NpgsqlDbType.TimestampTz, TypedValue = node.CreateTime });
        p.Add(new NpgsqlParameter<DateTimeOffset> { NpgsqlDbType = NpgsqlDbType.TimestampTz, TypedValue = node.UpdateTime });
        p.Add(new NpgsqlParameter<string> { NpgsqlDbType = NpgsqlDbType.Jsonb, TypedValue = NodeSpecJson.Serialize(node.Spec) });
        return command;
    }
}
