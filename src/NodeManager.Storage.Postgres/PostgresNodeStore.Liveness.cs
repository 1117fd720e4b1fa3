using Npgsql;
using NpgsqlTypes;
using NodeManager.Core.Health;

namespace NodeManager.Storage.Postgres;

/// <summary>
/// Liveness across instances. Each instance flushes the heartbeat times it received; the one
/// instance holding the sweeper lease (a session advisory lock on a connection of its own) reads
/// the quiet ones back. If the holder dies, PostgreSQL ends its session — at once on a clean close,
/// after <c>idle_session_timeout</c> when the client vanished — and the next instance to ask takes over.
/// </summary>
public sealed partial class PostgresNodeStore
{
    private static readonly string ReadHeartbeatsSql = $"""
        SELECT h.node_id, {LastHeartbeatSql} FROM {HealthWithHeartbeatsSql}
        WHERE ($1::timestamptz IS NOT NULL AND h.status IN ({(int)HealthStatus.Ready}, {(int)HealthStatus.NotReady})
               AND ({LastHeartbeatSql} IS NULL OR {LastHeartbeatSql} <= $1))
           OR h.node_id = ANY($2)
        """;

    private const string AnnounceInstanceSql = """
        WITH announce AS (
            INSERT INTO instances (id, seen_at) VALUES ($1, clock_timestamp())
            ON CONFLICT (id) DO UPDATE SET seen_at = excluded.seen_at RETURNING id),
        gone AS (DELETE FROM instances WHERE id <> $1 AND seen_at < clock_timestamp() - interval '1 day' RETURNING id)
        SELECT count(*)::integer FROM instances WHERE id <> $1 AND seen_at > clock_timestamp() - $2
        """;

    private readonly SemaphoreSlim _leaseGate = new(1, 1);
    private NpgsqlConnection? _leaseConnection;

    public bool Shared => true;

    public async Task<bool> HoldSweeperLeaseAsync(CancellationToken cancellationToken)
    {
        await _leaseGate.WaitAsync(cancellationToken);
        try
        {
            if (_leaseConnection is { } held)
            {
                try
                {
                    // Each sweep uses the session, so it never sits idle long enough to be ended while we live.
                    await using var check = new NpgsqlCommand("SELECT 1", held);
                    await check.ExecuteScalarAsync(cancellationToken);
                    return true;
                }
                catch (Exception ex) when (ex is NpgsqlException or InvalidOperationException or TimeoutException)
                {
                    _leaseConnection = null;
                    await held.DisposeAsync();
                    return false; // lost: another instance may hold it now; ask again next sweep
                }
            }

            var connection = await GuardAsync(() => _dataSource.OpenConnectionAsync(cancellationToken).AsTask());
            try
            {
                await using var take = new NpgsqlCommand("SELECT pg_try_advisory_lock($1)", connection);
                take.Parameters.Add(new NpgsqlParameter { Value = PostgresMigrations.SweeperLockKey });
                if (await take.ExecuteScalarAsync(cancellationToken) is true)
                {
                    await using var timeout = new NpgsqlCommand($"SET idle_session_timeout = '{LeaseIdleTimeout.TotalMilliseconds:0}ms'", connection);
                    await timeout.ExecuteNonQueryAsync(cancellationToken);
                    _leaseConnection = connection;
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
            _leaseGate.Release();
        }
    }

    /// <summary>
    /// One round trip: this instance's row stamped with PostgreSQL's clock (instances' clocks may differ),
    /// rows of instances gone for a day removed, and the others seen within the window counted.
    /// </summary>
    public Task<int> AnnounceInstanceAsync(Guid instanceId, TimeSpan window, CancellationToken cancellationToken) =>
        GuardAsync(async () =>
        {
            await using var command = _dataSource.CreateCommand(AnnounceInstanceSql);
            command.Parameters.Add(new NpgsqlParameter<Guid> { TypedValue = instanceId });
            command.Parameters.Add(new NpgsqlParameter<TimeSpan> { NpgsqlDbType = NpgsqlDbType.Interval, TypedValue = window });
            return (int)(await command.ExecuteScalarAsync(cancellationToken) ?? 0);
        });

    /// <summary>How long the lease outlives a holder that vanished without closing its connection.</summary>
    public TimeSpan LeaseIdleTimeout { get; init; } = TimeSpan.FromSeconds(15);

    public Task<IReadOnlyList<(Guid NodeId, DateTimeOffset? Time)>> ReadHeartbeatsAsync(
        DateTimeOffset? quietBefore, IReadOnlyCollection<Guid> nodeIds, CancellationToken cancellationToken) =>
        GuardAsync<IReadOnlyList<(Guid, DateTimeOffset?)>>(async () =>
        {
            await using var command = _dataSource.CreateCommand(ReadHeartbeatsSql);
            command.Parameters.Add(new NpgsqlParameter<DateTimeOffset?> { NpgsqlDbType = NpgsqlDbType.TimestampTz, TypedValue = quietBefore });
            command.Parameters.Add(ArrayOf(NpgsqlDbType.Uuid, nodeIds.ToArray()));
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            var rows = new List<(Guid, DateTimeOffset?)>();
            while (await reader.ReadAsync(cancellationToken))
            {
                rows.Add((reader.GetGuid(0), reader.IsDBNull(1) ? null : reader.GetFieldValue<DateTimeOffset>(1)));
            }

            return rows;
        });

    /// <summary>Unlocks explicitly: a pooled connection given back with the lock would keep holding it.</summary>
    private async ValueTask ReleaseSweeperLeaseAsync()
    {
        await _leaseGate.WaitAsync();
        try
        {
            if (_leaseConnection is { } held)
            {
                _leaseConnection = null;
                try
                {
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
            _leaseGate.Release();
        }
    }
}
