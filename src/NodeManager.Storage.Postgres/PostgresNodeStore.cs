using System.Data.Common;
using Npgsql;
using NpgsqlTypes;
using NodeManager.Core.Nodes;
using NodeManager.Core.Storage;

namespace NodeManager.Storage.Postgres;

/// <summary>
/// The shared store: one PostgreSQL database behind one <see cref="NpgsqlDataSource"/>, used by
/// any number of instances at once. Row versions give optimistic concurrency; unique
/// constraints are the last word on name, ip and mac, reported as conflicts naming the holder.
/// Times are kept with microsecond precision: the store returns what it stored.
/// </summary>
public sealed partial class PostgresNodeStore : INodeStore, IAsyncDisposable
{
    private const string Columns = "id, spec, lifecycle_state, version, create_time, update_time";

    private readonly NpgsqlDataSource _dataSource;

    /// <summary>As configured, with its password (the data source's own copy drops it).</summary>
    private readonly string _connectionString;
    private readonly TimeProvider _time;

    /// <param name="options">Which database.</param>
    /// <param name="time">The clock that stamps change events; the system clock when null.</param>
    public PostgresNodeStore(PostgresStoreOptions options, TimeProvider? time = null)
    {
        if (options.Validate() is { Count: > 0 } problems)
        {
            throw PostgresErrors.InvalidOptions(problems);
        }

        _connectionString = options.ConnectionString;
        _dataSource = new NpgsqlDataSourceBuilder(options.ConnectionString).Build();
        _time = time ?? TimeProvider.System;
    }

    public Task InitializeAsync(CancellationToken cancellationToken) =>
        GuardAsync(async () =>
        {
            await using var connection = await _dataSource.OpenConnectionAsync(cancellationToken);
            await using var tx = await connection.BeginTransactionAsync(cancellationToken);
            await ExecuteAsync(connection, tx, "SELECT pg_advisory_xact_lock($1)", cancellationToken, PostgresMigrations.LockKey);
            await ExecuteAsync(connection, tx, PostgresMigrations.CreateTable, cancellationToken);
            var applied = new HashSet<int>();
            await using (var read = Command(connection, tx, "SELECT version FROM schema_migrations"))
            await using (var reader = await read.ExecuteReaderAsync(cancellationToken))
            {
                while (await reader.ReadAsync(cancellationToken))
                {
                    applied.Add(reader.GetInt32(0));
                }
            }

            foreach (var (version, name, sql) in PostgresMigrations.All.Where(m => !applied.Contains(m.Version)))
            {
                await ExecuteAsync(connection, tx, sql, cancellationToken);
                await ExecuteAsync(connection, tx, "INSERT INTO schema_migrations (version, name) VALUES ($1, $2)", cancellationToken, version, name);
            }

            await tx.CommitAsync(cancellationToken);
            return true;
        });

    public async Task<bool> PingAsync(CancellationToken cancellationToken)
    {
        try
        {
            await using var command = _dataSource.CreateCommand("SELECT COUNT(*) FROM schema_migrations");
            await command.ExecuteScalarAsync(cancellationToken);
            return true;
        }
        catch (NpgsqlException)
        {
            return false;
        }
    }

    public async Task<Node?> GetAsync(Guid id, CancellationToken cancellationToken)
    {
        var rows = await QueryAsync($"SELECT {Columns} FROM nodes WHERE id = $1", cancellationToken, id);
        return rows.Count == 0 ? null : rows[0];
    }

    public Task<IReadOnlyList<Node>> GetManyAsync(IReadOnlyCollection<Guid> ids, CancellationToken cancellationToken) =>
        QueryAsync($"SELECT {Columns} FROM nodes WHERE id = ANY($1)", cancellationToken, ids.Distinct().ToArray());

    public Task<IReadOnlyList<Node>> ListAsync(NodeQuery query, CancellationToken cancellationToken)
    {
        var where = new List<string>();
        var parameters = new List<object>();
        void Filter(string column, string op, object? value)
        {
            if (value is not null and not "")
            {
                parameters.Add(value);
                where.Add($"{column} {op} ${parameters.Count}");
            }
        }

        Filter("name", "=", query.Name);
        Filter("ip", "=", query.Ip);
        Filter("mac", "=", query.Mac);
        Filter("lifecycle_state", "=", query.LifecycleState is { } state ? (short)state : null);
        Filter("id", ">", query.After);
        var clause = where.Count == 0 ? "" : "WHERE " + string.Join(" AND ", where);
        parameters.Add(query.Limit);
        return QueryAsync($"SELECT {Columns} FROM nodes {clause} ORDER BY id LIMIT ${parameters.Count}", cancellationToken, [.. parameters]);
    }

    public Task<IReadOnlyList<Node>> LoadAllAsync(CancellationToken cancellationToken) =>
        QueryAsync($"SELECT {Columns} FROM nodes ORDER BY id", cancellationToken);

    private Task<IReadOnlyList<Node>> QueryAsync(string sql, CancellationToken cancellationToken, params object[] parameters) =>
        GuardAsync(async () =>
        {
            await using var connection = await _dataSource.OpenConnectionAsync(cancellationToken);
            await using var command = Command(connection, null, sql, parameters);
            return await ReadNodesAsync(command, cancellationToken);
        });

    private static async Task<IReadOnlyList<Node>> ReadNodesAsync(NpgsqlCommand command, CancellationToken cancellationToken)
    {
        var nodes = new List<Node>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            nodes.Add(ReadNode(reader));
        }

        return nodes;
    }

    private static Node ReadNode(DbDataReader reader) => new(
        reader.GetGuid(0),
        NodeSpecJson.Deserialize(reader.GetString(1)),
        (LifecycleState)reader.GetInt16(2),
        reader.GetInt64(3),
        reader.GetFieldValue<DateTimeOffset>(4),
        reader.GetFieldValue<DateTimeOffset>(5));

    /// <summary>Maps connectivity failures to <see cref="StoreUnavailableException"/>; everything else passes through.</summary>
    private static async Task<T> GuardAsync<T>(Func<Task<T>> work)
    {
        try
        {
            return await work();
        }
        catch (NpgsqlException ex) when (PostgresErrors.IsUnavailable(ex))
        {
            throw PostgresErrors.Unavailable(ex);
        }
    }

    /// <summary>PostgreSQL keeps microseconds: the UTC instant truncated to what will be stored.</summary>
    internal static DateTimeOffset Stored(DateTimeOffset time) =>
        new(time.UtcTicks - (time.UtcTicks % 10), TimeSpan.Zero);

    private static async Task ExecuteAsync(NpgsqlConnection connection, NpgsqlTransaction? tx, string sql, CancellationToken cancellationToken, params object[] parameters)
    {
        await using var command = Command(connection, tx, sql, parameters);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    private static NpgsqlCommand Command(NpgsqlConnection connection, NpgsqlTransaction? tx, string sql, params object[] parameters)
    {
        var command = new NpgsqlCommand(sql, connection, tx);
        foreach (var value in parameters)
        {
            command.Parameters.Add(value is DBNull ? new NpgsqlParameter { Value = value, NpgsqlDbType = NpgsqlDbType.Text } : new NpgsqlParameter { Value = value });
        }

        return command;
    }

    public async ValueTask DisposeAsync()
    {
        await StopListeningAsync();
        await ReleaseSiloLockAsync();
        await _dataSource.DisposeAsync();
    }
}
