using Npgsql;

namespace NodeManager.Storage.Postgres;

/// <summary>
/// One database, one cluster. A standalone silo (Orleans' localhost membership, no cluster) holds a session
/// advisory lock exclusively; each silo of a cluster holds the same lock shared. So a second standalone
/// server on the database, or a standalone server beside a cluster, is refused at start instead of judging
/// the other's nodes silent. The lock lives on a connection of its own: PostgreSQL ends the session, and
/// the lock with it, at once on a clean close, and <c>idle_session_timeout</c> after a holder that vanished
/// (its keepalive query keeps a living holder's session from idling out).
/// </summary>
public sealed partial class PostgresNodeStore
{
    private readonly SemaphoreSlim _siloLockGate = new(1, 1);
    private NpgsqlConnection? _siloLockConnection;

    /// <summary>How long the lock outlives a holder that vanished without closing its connection.</summary>
    public TimeSpan SiloLockIdleTimeout { get; init; } = TimeSpan.FromSeconds(15);

    /// <summary>
    /// Takes the silo lock for this store's lifetime: exclusively for a standalone silo, shared for a silo of
    /// a cluster. False when it is held in the other mode (a standalone server is running, or a cluster is).
    /// </summary>
    public async Task<bool> TryHoldSiloLockAsync(bool standalone, CancellationToken cancellationToken)
    {
        await _siloLockGate.WaitAsync(cancellationToken);
        try
        {
            if (_siloLockConnection is not null)
            {
                return true;
            }

            var keepalive = Math.Max(1, (int)(SiloLockIdleTimeout.TotalSeconds / 3));
            var builder = new NpgsqlConnectionStringBuilder(_connectionString) { KeepAlive = keepalive, Pooling = false };
            var connection = new NpgsqlConnection(builder.ConnectionString);
            try
            {
                await GuardAsync(async () => { await connection.OpenAsync(cancellationToken); return true; });
                await using var take = new NpgsqlCommand(standalone ? "SELECT pg_try_advisory_lock($1)" : "SELECT pg_try_advisory_lock_shared($1)", connection);
                take.Parameters.Add(new NpgsqlParameter { Value = PostgresMigrations.SiloLockKey });
                if (await take.ExecuteScalarAsync(cancellationToken) is true)
                {
                    await using var timeout = new NpgsqlCommand($"SET idle_session_timeout = '{SiloLockIdleTimeout.TotalMilliseconds:0}ms'", connection);
                    await timeout.ExecuteNonQueryAsync(cancellationToken);
                    _siloLockConnection = connection;
                    return true;
                }
            }
            catch
            {
                await connection.DisposeAsync();
                throw;
            }

            await connection.DisposeAsync();
            return false;
        }
        finally
        {
            _siloLockGate.Release();
        }
    }

    private async ValueTask ReleaseSiloLockAsync()
    {
        await _siloLockGate.WaitAsync();
        try
        {
            if (_siloLockConnection is { } held)
            {
                _siloLockConnection = null;
                try
                {
                    // Unlock before closing: a closed session's backend lets go of its locks only when it has exited,
                    // a moment after the client returns, and a server started again at once would be refused meanwhile.
                    await using var unlock = new NpgsqlCommand("SELECT pg_advisory_unlock_all()", held);
                    await unlock.ExecuteNonQueryAsync();
                }
                catch (Exception ex) when (ex is NpgsqlException or InvalidOperationException)
                {
                    // The session is gone, and the lock with it.
                }

                await held.DisposeAsync();
            }
        }
        finally
        {
            _siloLockGate.Release();
        }
    }
}
