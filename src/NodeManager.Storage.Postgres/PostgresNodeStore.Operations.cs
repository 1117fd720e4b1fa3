using Npgsql;
using NpgsqlTypes;
using NodeManager.Core.Lifecycle;
using NodeManager.Core.Storage;

namespace NodeManager.Storage.Postgres;

/// <summary>Batch operations: one row each, the whole operation as JSON, saved by compare-and-swap on its version.</summary>
public sealed partial class PostgresNodeStore : IOperationStore
{
    public Task CreateOperationAsync(BatchOperation operation, CancellationToken cancellationToken) =>
        GuardAsync(async () =>
        {
            await using var connection = await _dataSource.OpenConnectionAsync(cancellationToken);
            await using var insert = OperationCommand(connection, """
                INSERT INTO operations (id, state, version, owner, lease_until, create_time, update_time, body)
                VALUES ($1, $2, $3, $4, $5, $6, $7, $8)
                """, operation);
            await insert.ExecuteNonQueryAsync(cancellationToken);
            return true;
        });

    public Task<BatchOperation?> GetOperationAsync(string id, CancellationToken cancellationToken) =>
        GuardAsync(async () =>
        {
            await using var connection = await _dataSource.OpenConnectionAsync(cancellationToken);
            return await ReadOperationAsync(connection, id, cancellationToken);
        });

    public Task<(bool Saved, BatchOperation? Current)> SaveOperationAsync(BatchOperation operation, long expectedVersion, CancellationToken cancellationToken) =>
        GuardAsync<(bool, BatchOperation?)>(async () =>
        {
            await using var connection = await _dataSource.OpenConnectionAsync(cancellationToken);
            await using var update = OperationCommand(connection, """
                UPDATE operations SET state = $2, version = $3, owner = $4, lease_until = $5, update_time = $7, body = $8
                WHERE id = $1 AND version = $9 AND create_time = $6
                """, operation);
            update.Parameters.Add(new NpgsqlParameter<long> { TypedValue = expectedVersion });
            return await update.ExecuteNonQueryAsync(cancellationToken) == 1
                ? (true, operation)
                : (false, await ReadOperationAsync(connection, operation.Id, cancellationToken));
        });

    public Task<IReadOnlyList<BatchOperation>> ListUnfinishedOperationsAsync(CancellationToken cancellationToken) =>
        GuardAsync<IReadOnlyList<BatchOperation>>(async () =>
        {
            await using var connection = await _dataSource.OpenConnectionAsync(cancellationToken);
            await using var command = Command(connection, null, "SELECT body::text FROM operations WHERE state = $1 ORDER BY create_time, id",
                (short)OperationState.Running);
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            var list = new List<BatchOperation>();
            while (await reader.ReadAsync(cancellationToken))
            {
                list.Add(LifecycleJson.DeserializeOperation(reader.GetString(0)));
            }

            return list;
        });

    private static async Task<BatchOperation?> ReadOperationAsync(NpgsqlConnection connection, string id, CancellationToken cancellationToken)
    {
        await using var command = Command(connection, null, "SELECT body::text FROM operations WHERE id = $1", id);
        return await command.ExecuteScalarAsync(cancellationToken) is string body ? LifecycleJson.DeserializeOperation(body) : null;
    }

    private static NpgsqlCommand OperationCommand(NpgsqlConnection connection, string sql, BatchOperation o)
    {
        var command = Command(connection, null, sql, o.Id, (short)o.State, o.Version, o.Owner, Stored(o.LeaseUntil), Stored(o.CreateTime), Stored(o.UpdateTime));
        command.Parameters.Add(new NpgsqlParameter<string> { NpgsqlDbType = NpgsqlDbType.Jsonb, TypedValue = LifecycleJson.Serialize(o) });
        return command;
    }
}
