using Microsoft.Data.Sqlite;
using NodeManager.Core.Lifecycle;
using NodeManager.Core.Storage;

namespace NodeManager.Storage.Sqlite;

/// <summary>Batch operations: one row each, the whole operation as JSON, saved by compare-and-swap on its version.</summary>
public sealed partial class SqliteNodeStore : IOperationStore
{
    public async Task CreateOperationAsync(BatchOperation operation, CancellationToken cancellationToken)
    {
        var result = await WriteAsync(async (connection, tx) =>
        {
            await using var insert = Command(connection, """
                INSERT INTO operations (id, state, version, owner, lease_until, create_time, update_time, body)
                VALUES ($id, $state, $version, $owner, $lease, $created, $updated, $body)
                """, tx, OperationParameters(operation));
            await insert.ExecuteNonQueryAsync(cancellationToken);
            return WriteResult.Ok(null);
        }, cancellationToken);
        if (result.Outcome != WriteOutcome.Ok)
        {
            throw new InvalidOperationException($"operation {operation.Id} already exists");
        }
    }

    public async Task<BatchOperation?> GetOperationAsync(string id, CancellationToken cancellationToken)
    {
        try
        {
            await using var connection = await OpenAsync(cancellationToken);
            return await ReadOperationAsync(connection, null, id, cancellationToken);
        }
        catch (SqliteException ex) when (SqliteErrors.IsUnavailable(ex))
        {
            throw SqliteErrors.Unavailable(ex);
        }
    }

    public async Task<(bool Saved, BatchOperation? Current)> SaveOperationAsync(BatchOperation operation, long expectedVersion, CancellationToken cancellationToken)
    {
        (bool, BatchOperation?) outcome = (false, null);
        await WriteAsync(async (connection, tx) =>
        {
            await using var update = Command(connection, """
                UPDATE operations SET state = $state, version = $version, owner = $owner, lease_until = $lease, update_time = $updated, body = $body
                WHERE id = $id AND version = $expected
                """, tx, [.. OperationParameters(operation), ("$expected", expectedVersion)]);
            if (await update.ExecuteNonQueryAsync(cancellationToken) == 1)
            {
                outcome = (true, operation);
                return WriteResult.Ok(null);
            }

            outcome = (false, await ReadOperationAsync(connection, tx, operation.Id, cancellationToken));
            return WriteResult.NotFound;
        }, cancellationToken);
        return outcome;
    }

    public async Task<IReadOnlyList<BatchOperation>> ListUnfinishedOperationsAsync(CancellationToken cancellationToken)
    {
        try
        {
            await using var connection = await OpenAsync(cancellationToken);
            await using var command = Command(connection, "SELECT body FROM operations WHERE state = $running ORDER BY create_time, id",
                null, ("$running", (int)OperationState.Running));
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            var list = new List<BatchOperation>();
            while (await reader.ReadAsync(cancellationToken))
            {
                list.Add(LifecycleJson.DeserializeOperation(reader.GetString(0)));
            }

            return list;
        }
        catch (SqliteException ex) when (SqliteErrors.IsUnavailable(ex))
        {
            throw SqliteErrors.Unavailable(ex);
        }
    }

    private static async Task<BatchOperation?> ReadOperationAsync(SqliteConnection connection, SqliteTransaction? tx, string id, CancellationToken cancellationToken)
    {
        await using var command = Command(connection, "SELECT body FROM operations WHERE id = $id", tx, ("$id", id));
        return await command.ExecuteScalarAsync(cancellationToken) is string body ? LifecycleJson.DeserializeOperation(body) : null;
    }

    private static (string, object)[] OperationParameters(BatchOperation o) =>
    [
        ("$id", o.Id), ("$state", (int)o.State), ("$version", o.Version), ("$owner", o.Owner), ("$lease", o.LeaseUntil.UtcTicks),
        ("$created", o.CreateTime.UtcTicks), ("$updated", o.UpdateTime.UtcTicks), ("$body", LifecycleJson.Serialize(o)),
    ];
}
