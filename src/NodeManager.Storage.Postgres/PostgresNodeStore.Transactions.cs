using Npgsql;
using NodeManager.Core.Nodes;

namespace NodeManager.Storage.Postgres;

public sealed partial class PostgresNodeStore
{
    /// <summary>
    /// Runs <paramref name="work"/> in a read-committed transaction, committing when it says so and
    /// rolling back otherwise; lifecycle, reservation and operation writes use it.
    /// </summary>
    private Task<T> InTransactionAsync<T>(Func<NpgsqlConnection, NpgsqlTransaction, Task<(bool Commit, T Value)>> work, CancellationToken cancellationToken) =>
        GuardAsync(async () =>
        {
            await using var connection = await _dataSource.OpenConnectionAsync(cancellationToken);
            await using var tx = await connection.BeginTransactionAsync(cancellationToken);
            var (commit, value) = await work(connection, tx);
            if (commit)
            {
                await tx.CommitAsync(cancellationToken);
            }
            else
            {
                await tx.RollbackAsync(CancellationToken.None);
            }

            return value;
        });

    /// <summary>
    /// Reads node <paramref name="id"/> and locks its row until the transaction ends. FOR NO KEY UPDATE
    /// serializes lifecycle and reservation writes on the node across every instance, yet does not
    /// block health writes and reservation inserts (they take FOR KEY SHARE through their foreign key).
    /// </summary>
    private static async Task<Node?> LockNodeAsync(NpgsqlConnection connection, NpgsqlTransaction tx, Guid id, CancellationToken cancellationToken)
    {
        await using var read = Command(connection, tx, $"SELECT {Columns} FROM nodes WHERE id = $1 FOR NO KEY UPDATE", id);
        return (await ReadNodesAsync(read, cancellationToken)).SingleOrDefault();
    }
}
