using System.Collections.Concurrent;
using Microsoft.Data.Sqlite;
using NodeManager.Core.Nodes;

namespace NodeManager.Storage.Sqlite;

/// <summary>
/// The single-node read path: a few reader connections kept open, each with its <c>GetAsync</c> statement
/// prepared once. Opening a pooled connection and running its pragmas cost more than the lookup itself.
/// In WAL mode each statement outside a transaction reads the latest committed snapshot, so a reused
/// connection sees every acknowledged write.
/// </summary>
public sealed partial class SqliteNodeStore
{
    /// <summary>Open readers kept for reuse; reads are synchronous in Microsoft.Data.Sqlite, so a few suffice.</summary>
    private static readonly int MaxIdleReaders = Math.Max(4, Environment.ProcessorCount * 2);

    private readonly ConcurrentQueue<NodeReader> _readers = new();
    private int _idleReaders;
    private volatile bool _disposed;

    public async Task<Node?> GetAsync(Guid id, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        NodeReader? reader = null;
        try
        {
            reader = RentReader();
            var node = await reader.GetAsync(Text(id), cancellationToken);
            ReturnReader(reader);
            return node;
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

        public async Task<Node?> GetAsync(string id, CancellationToken cancellationToken)
        {
            _id.Value = id;
            await using var rows = await _get.ExecuteReaderAsync(cancellationToken);
            return await rows.ReadAsync(cancellationToken) ? ReadNode(rows) : null;
        }

        public void Dispose()
        {
            _get.Dispose();
            _connection.Dispose();
        }
    }
}
