using System.Collections.Concurrent;
using System.Data;
using Microsoft.Data.Sqlite;
using NodeManager.Core.Nodes;
using NodeManager.Core.Storage;

namespace NodeManager.Storage.Sqlite;

/// <summary>
/// The single-node read path: a few reader connections kept open, each with its <c>GetAsync</c> statement
/// prepared once. Opening a pooled connection and running its pragmas cost more than the lookup itself.
/// In WAL mode each statement outside a transaction reads the latest committed snapshot, so a reused
/// connection sees every acknowledged write. The statement runs synchronously: Microsoft.Data.Sqlite's
/// async methods do the same work on the calling thread and only add allocations.
/// Parsing the spec JSON costs more than the lookup, so parsed specs are kept per id together with the
/// exact JSON text they came from, and reused only while the row still holds that text.
/// </summary>
public sealed partial class SqliteNodeStore
{
    /// <summary>Open readers kept for reuse; reads are synchronous in Microsoft.Data.Sqlite, so a few suffice.</summary>
    private static readonly int MaxIdleReaders = Math.Max(16, Environment.ProcessorCount * 8);

    /// <summary>Parsed specs kept; past this the cache is emptied and refills with what is read.</summary>
    private const int MaxCachedSpecs = 16_384;

    private readonly ConcurrentQueue<NodeReader> _readers = new();
    private readonly ConcurrentDictionary<Guid, CachedSpec> _specs = new();
    private int _cachedSpecs;
    private int _idleReaders;
    private volatile bool _disposed;

    public Task<Node?> GetAsync(Guid id, CancellationToken cancellationToken)
    {
        if (cancellationToken.IsCancellationRequested)
        {
            return Task.FromCanceled<Node?>(cancellationToken);
        }

        NodeReader? reader = null;
        try
        {
            reader = RentReader();
            var node = reader.Get(this, id);
            ReturnReader(reader);
            return Task.FromResult(node);
        }
        catch (SqliteException ex) when (SqliteErrors.IsUnavailable(ex))
        {
            reader?.Dispose();
            throw SqliteErrors.Unavailable(ex);
        }
        catch
        {
            reader?.Dispose();
            throw;
        }
    }

    private NodeSpec ParseSpec(Guid id, string json)
    {
        if (_specs.TryGetValue(id, out var cached) && string.Equals(cached.Json, json, StringComparison.Ordinal))
        {
            return cached.Spec;
        }

        var spec = NodeSpecJson.Deserialize(json);
        if (Interlocked.Increment(ref _cachedSpecs) > MaxCachedSpecs)
        {
            _specs.Clear();
            Interlocked.Exchange(ref _cachedSpecs, 0);
        }

        _specs[id] = new CachedSpec(json, spec);
        return spec;
    }

    private NodeReader RentReader()
    {
        if (_readers.TryDequeue(out var reader))
        {
            Interlocked.Decrement(ref _idleReaders);
            return reader;
        }

        return NodeReader.Open(_connectionString);
    }

    private void ReturnReader(NodeReader reader)
    {
        if (_disposed || Interlocked.Increment(ref _idleReaders) > MaxIdleReaders)
        {
            if (!_disposed)
            {
                Interlocked.Decrement(ref _idleReaders);
            }

            reader.Dispose();
            return;
        }

        _readers.Enqueue(reader);
        if (_disposed)
        {
            // Disposal raced with the return and may have drained the queue already.
            DisposeReaders();
        }
    }

    private void DisposeReaders()
    {
        _disposed = true;
        while (_readers.TryDequeue(out var reader))
        {
            Interlocked.Decrement(ref _idleReaders);
            reader.Dispose();
        }
    }

    private sealed record CachedSpec(string Json, NodeSpec Spec);

    /// <summary>One open read-only connection with the by-id lookup prepared.</summary>
    private sealed class NodeReader : IDisposable
    {
        private readonly SqliteConnection _connection;
        private readonly SqliteCommand _get;
        private readonly SqliteParameter _id;

        private NodeReader(SqliteConnection connection)
        {
            _connection = connection;
            _get = connection.CreateCommand();
            _get.CommandText = $"SELECT {Columns} FROM nodes WHERE id = $id";
            _id = _get.Parameters.Add("$id", SqliteType.Text);
        }

        public static NodeReader Open(string connectionString)
        {
            var connection = new SqliteConnection(connectionString);
            try
            {
                connection.Open();
                using (var pragmas = connection.CreateCommand())
                {
                    // Readers never write, so synchronous=FULL (a durability setting) does not apply to them.
                    pragmas.CommandText = "PRAGMA busy_timeout=10000;";
                    pragmas.ExecuteNonQuery();
                }

                var reader = new NodeReader(connection);
                reader._id.Value = string.Empty;
                reader._get.Prepare();
                return reader;
            }
            catch
            {
                connection.Dispose();
                throw;
            }
        }

        public Node? Get(SqliteNodeStore store, Guid id)
        {
            _id.Value = Text(id);
            using var rows = _get.ExecuteReader(CommandBehavior.SingleRow);
            if (!rows.Read())
            {
                return null;
            }

            return new Node(
                id,
                store.ParseSpec(id, rows.GetString(1)),
                (LifecycleState)rows.GetInt32(2),
                rows.GetInt64(3),
                new DateTimeOffset(rows.GetInt64(4), TimeSpan.Zero),
                new DateTimeOffset(rows.GetInt64(5), TimeSpan.Zero));
        }

        public void Dispose()
        {
            _get.Dispose();
            _connection.Dispose();
        }
    }
}
