using System.Buffers;
using Microsoft.AspNetCore.Connections;

namespace NodeManager.Server.Kestrel;

/// <summary>
/// Makes Kestrel's transport use <see cref="TrimmingBlockMemoryPool"/> (Kestrel asks the service provider for an
/// <see cref="IMemoryPoolFactory{T}"/>); keeps every pool made, so their sizes can be reported.
/// </summary>
public sealed class TrimmingBlockMemoryPoolFactory(GrpcKestrelOptions options, TimeProvider time) : IMemoryPoolFactory<byte>
{
    private readonly List<TrimmingBlockMemoryPool> _pools = [];

    public MemoryPool<byte> Create(MemoryPoolOptions? poolOptions = null)
    {
        var pool = new TrimmingBlockMemoryPool(options.BufferBlockSize, options.BufferPoolDemandWindow, time);
        lock (_pools)
        {
            _pools.Add(pool);
        }

        return pool;
    }

    /// <summary>The pools made so far (one per transport I/O queue).</summary>
    public IReadOnlyList<TrimmingBlockMemoryPool> Pools
    {
        get
        {
            lock (_pools)
            {
                return [.. _pools];
            }
        }
    }
}
