using System.Data.Common;
using Microsoft.Data.Sqlite;
using NodeManager.Core.Nodes;
using NodeManager.Core.Storage;

namespace NodeManager.Storage.Sqlite;

/// <summary>
/// The embedded store: one SQLite file in WAL mode with <c>synchronous=FULL</c>, so a write is
/// on disk before it is acknowledged. Writes go through one connection, one at a time; reads
/// use pooled connections and never wait for writes. Foreign keys are enforced on the writer
/// (deleting a node deletes its health).
/// </summary>
public sealed partial class SqliteNodeStore : INodeStore, IAsyncDisposable
{
    private const string Columns = "id, spec, lifecycle_state, version, create_time, update_time";

    private readonly string _path;
    private readonly string _connectionString;
    private readonly SemaphoreSlim _writeGate = new(1, 1);
    private readonly TimeProvider _time;
    private SqliteConnection? _writer;
    private SqliteInstanceLock? _instanceLock;

    /// <param name="options">Where the file is.</param>
    /// <param name="time">The clock that stamps change events; the system clock when null.</param>
    public SqliteNodeStore(SqliteStoreOptions options, TimeProvider? time = null)
    {
        _time = time ?? TimeProvider.System;
        _path = Path.GetFullPath(options.Path);
        _connectionString = new SqliteConnectionStringBuilder
        {
            DataSource = _path,
            Mode = SqliteOpenMode.ReadWriteCreate,
            Pooling = true,
            DefaultTimeout = 30,
        }.ToString();
    }

    public async Task InitializeAsync(CancellationToken cancellationToken)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(_path)!);
        _instanceLock ??= SqliteInstanceLock.Acquire(_path);
        if (_writer is not null)
        {
            await _writer.DisposeAsync();
        }

        _writer = await OpenAsync(cancellationToken);
        // A 64 MiB page cache lets one transaction touch every health row (a heartbeat flush) without spilling.
        await ExecuteAsync(_writer, "PRAGMA synchronous=FULL; PRAGMA journal_mode=WAL; PRAGMA foreign_keys=ON; PRAGMA cache_size=-65536;", cancellationToken);
        await ExecuteAsync(_writer, "CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL);", cancellationToken);
        foreach (var (version, name, sql) in SqliteMigrations.All)
        {
            await using var tx = (SqliteTransaction)await _writer.BeginTransactionAsync(cancellationToken);
            await using var check = Command(_writer, "SELECT COUNT(*) FROM schema_migrations WHERE version = $v", tx, ("$v", version));
            if (Convert.ToInt64(await check.ExecuteScalarAsync(cancellationToken)) == 0)
            {
                await using var migrate = Command(_writer, sql, tx);
                await migrate.ExecuteNonQueryAsync(cancellationToken);
                await using var record = Command(_writer, "INSERT INTO schema_migrations VALUES ($v, $n, datetime('now'))", tx, ("$v", version), ("$n", name));
                await record.ExecuteNonQueryAsync(cancellationToken);
            }

            await tx.CommitAsync(cancellationToken);
        }
    }

    public async Task<bool> PingAsync(CancellationToken cancellationToken)
    {
        try
        {
            await using var connection = await OpenAsync(cancellationToken);
            await using var command = Command(connection, "SELECT COUNT(*) FROM schema_migrations");
            await command.ExecuteScalarAsync(cancellationToken);
            return true;
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            return false;
        }
    }

    public async Task<IReadOnlyList<Node>> GetManyAsync(IReadOnlyCollection<Guid> ids, CancellationToken cancellationToken)
    {
        var found = new List<Node>(ids.Count);
        foreach (var chunk in ids.Distinct().Chunk(500))
        {
            var names = chunk.Select((_, i) => $"$p{i}").ToArray();
            var parameters = chunk.Select((id, i) => (names[i], (object)Text(id))).ToArray();
            found.AddRange(await QueryAsync($"SELECT {Columns} FROM nodes WHERE id IN ({string.Join(',', names)})", cancellationToken, parameters));
        }

        return found;
    }

    public Task<IReadOnlyList<Node>> ListAsync(NodeQuery query, CancellationToken cancellationToken)
    {
        var where = new List<string>();
        var parameters = new List<(string, object)>();
        void Filter(string column, object? value)
        {
            if (value is not null and not "")
            {
                where.Add($"{column} = ${column}");
                parameters.Add(($"${column}", value));
            }
        }

        Filter("name", query.Name);
        Filter("ip", query.Ip);
        Filter("mac", query.Mac);
        Filter("lifecycle_state", query.LifecycleState is { } state ? (int)state : null);
        if (query.After is { } after)
        {
            where.Add("id > $after");
            parameters.Add(("$after", Text(after)));
        }

        var clause = where.Count == 0 ? "" : "WHERE " + string.Join(" AND ", where);
        parameters.Add(("$limit", query.Limit));
        return QueryAsync($"SELECT {Columns} FROM nodes {clause} ORDER BY id LIMIT $limit", cancellationToken, [.. parameters]);
    }

    public Task<IReadOnlyList<Node>> LoadAllAsync(CancellationToken cancellationToken) =>
        QueryAsync($"SELECT {Columns} FROM nodes ORDER BY id", cancellationToken);

    private async Task<IReadOnlyList<Node>> QueryAsync(string sql, CancellationToken cancellationToken, params (string Name, object Value)[] parameters)
    {
        try
        {
            await using var connection = await OpenAsync(cancellationToken);
            await using var command = Command(connection, sql, null, parameters);
            return await ReadNodesAsync(command, cancellationToken);
        }
        catch (SqliteException ex) when (SqliteErrors.IsUnavailable(ex))
        {
            throw SqliteErrors.Unavailable(ex);
        }
    }

    private static async Task<IReadOnlyList<Node>> ReadNodesAsync(SqliteCommand command, CancellationToken cancellationToken)
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
        Guid.Parse(reader.GetString(0)),
        NodeSpecJson.Deserialize(reader.GetString(1)),
        (LifecycleState)reader.GetInt32(2),
        reader.GetInt64(3),
        new DateTimeOffset(reader.GetInt64(4), TimeSpan.Zero),
        new DateTimeOffset(reader.GetInt64(5), TimeSpan.Zero));

    private async Task<SqliteConnection> OpenAsync(CancellationToken cancellationToken)
    {
        var connection = new SqliteConnection(_connectionString);
        await connection.OpenAsync(cancellationToken);
        // synchronous=FULL is set on the writer only: it governs commits, and readers never commit.
        await ExecuteAsync(connection, "PRAGMA busy_timeout=10000;", cancellationToken);
        return connection;
    }

    private static async Task ExecuteAsync(SqliteConnection connection, string sql, CancellationToken cancellationToken)
    {
        await using var command = Command(connection, sql);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    private static SqliteCommand Command(SqliteConnection connection, string sql, SqliteTransaction? tx = null, params (string Name, object Value)[] parameters)
    {
        var command = connection.CreateCommand();
        command.CommandText = sql;
        command.Transaction = tx;
        foreach (var (name, value) in parameters)
        {
            command.Parameters.AddWithValue(name, value);
        }

        return command;
    }

    private static string Text(Guid id) => id.ToString("D");

    /// <summary>
    /// Waits for the write in progress (a probe's transition may still be saving while the host stops),
    /// then closes; writes that come later fail as store-unavailable instead of touching a closed connection.
    /// </summary>
    public async ValueTask DisposeAsync()
    {
        DisposeReaders();
        var entered = await _writeGate.WaitAsync(TimeSpan.FromSeconds(30));
        try
        {
            if (_writer is not null)
            {
                await _writer.DisposeAsync();
                _writer = null;
            }
        }
        finally
        {
            if (entered)
            {
                _writeGate.Release();
            }
        }

        _instanceLock?.Dispose();
        SqliteConnection.ClearAllPools();
    }
}
