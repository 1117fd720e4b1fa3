using System.Buffers;
using System.Collections.Concurrent;
using System.Runtime.InteropServices;

namespace NodeManager.Server.Kestrel;

/// <summary>
/// Kestrel's buffers: pinned blocks of one size, reused like Kestrel's own pool, except that the idle
/// blocks kept are bounded by recent demand. Kestrel's pool gives back 1 % of its idle blocks per 10 s
/// while traffic flows, so a burst (100,000 streams connecting) left ~230 MiB idle for tens of minutes.
/// Here a returned block is kept only while the blocks in use plus the idle ones stay within the
/// highest in-use count of the last <see cref="DemandWindow"/>; the rest are left to the collector.
/// </summary>
public sealed class TrimmingBlockMemoryPool : MemoryPool<byte>
{
    private const int Slots = 8;
    private readonly ConcurrentQueue<Block> _idle = new();
    private readonly TimeProvider _time;
    private readonly long _slotTicks;
    private readonly int[] _peaks = new int[Slots]; // highest in-use count in each slot of the window
    private long _slot;                               // index of the current slot since the pool was made
    private int _allowed;                             // blocks in use + idle allowed: the peak of the window
    private int _inUse;
    private int _idleCount;
    private long _allocated;
    private long _released;
    private volatile bool _disposed;

    public TrimmingBlockMemoryPool(int blockSize, TimeSpan demandWindow, TimeProvider? time = null)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(blockSize, 256);
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(demandWindow, TimeSpan.Zero);
        BlockSize = blockSize;
        DemandWindow = demandWindow;
        _time = time ?? TimeProvider.System;
        _slotTicks = Math.Max(1, (long)(demandWindow.TotalSeconds * _time.TimestampFrequency / Slots));
        _slot = _time.GetTimestamp() / _slotTicks;
    }

    public int BlockSize { get; }

    public TimeSpan DemandWindow { get; }

    public override int MaxBufferSize => BlockSize;

    /// <summary>Blocks rented and not yet returned.</summary>
    public int InUse => Volatile.Read(ref _inUse);

    /// <summary>Blocks kept for reuse.</summary>
    public int Idle => Volatile.Read(ref _idleCount);

    /// <summary>Blocks made since the pool was created.</summary>
    public long Allocated => Interlocked.Read(ref _allocated);

    /// <summary>Blocks left to the collector because demand did not need them.</summary>
    public long Released => Interlocked.Read(ref _released);

    public override IMemoryOwner<byte> Rent(int minBufferSize = -1)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        if (minBufferSize > BlockSize)
        {
            throw new ArgumentOutOfRangeException(nameof(minBufferSize), minBufferSize, $"at most {BlockSize} bytes per block");
        }

        var inUse = Interlocked.Increment(ref _inUse);
        NoteDemand(inUse);
        if (_idle.TryDequeue(out var block))
        {
            Interlocked.Decrement(ref _idleCount);
        }
        else
        {
            block = new Block(this, GC.AllocateUninitializedArray<byte>(BlockSize, pinned: true));
            Interlocked.Increment(ref _allocated);
        }

        TrimExcess(inUse);
        return block;
    }

    private void Return(Block block)
    {
        var inUse = Interlocked.Decrement(ref _inUse);
        if (_disposed || inUse + Volatile.Read(ref _idleCount) >= Volatile.Read(ref _allowed))
        {
            Interlocked.Increment(ref _released);
            return;
        }

        Interlocked.Increment(ref _idleCount);
        _idle.Enqueue(block);
    }

    /// <summary>Records the in-use count in the current slot; when the slot changes, the window's peak is recomputed.</summary>
    private void NoteDemand(int inUse)
    {
        var slot = _time.GetTimestamp() / _slotTicks;
        if (slot != Volatile.Read(ref _slot))
        {
            AdvanceWindow(slot, inUse);
        }

        ref var peak = ref _peaks[slot % Slots];
        int seen;
        while (inUse > (seen = Volatile.Read(ref peak)) && Interlocked.CompareExchange(ref peak, inUse, seen) != seen)
        {
        }

        if (inUse > Volatile.Read(ref _allowed))
        {
            Volatile.Write(ref _allowed, inUse);
        }
    }

    private void AdvanceWindow(long slot, int inUse)
    {
        lock (_peaks)
        {
            var current = Volatile.Read(ref _slot);
            if (slot <= current)
            {
                return;
            }

            // Slots that passed without a rent had no demand beyond what is in use now.
            for (var s = Math.Max(current + 1, slot - Slots + 1); s <= slot; s++)
            {
                Volatile.Write(ref _peaks[s % Slots], inUse);
            }

            Volatile.Write(ref _slot, slot);
            var max = 0;
            for (var i = 0; i < Slots; i++)
            {
                max = Math.Max(max, Volatile.Read(ref _peaks[i]));
            }

            Volatile.Write(ref _allowed, max);
        }
    }

    /// <summary>Lets go of up to two idle blocks beyond the window's peak, so an idle surplus shrinks while the pool is used.</summary>
    private void TrimExcess(int inUse)
    {
        for (var i = 0; i < 2 && inUse + Volatile.Read(ref _idleCount) > Volatile.Read(ref _allowed); i++)
        {
            if (!_idle.TryDequeue(out _))
            {
                return;
            }

            Interlocked.Decrement(ref _idleCount);
            Interlocked.Increment(ref _released);
        }
    }

    protected override void Dispose(bool disposing)
    {
        _disposed = true;
        while (_idle.TryDequeue(out _))
        {
            Interlocked.Decrement(ref _idleCount);
        }
    }

    private sealed class Block(TrimmingBlockMemoryPool pool, byte[] array) : IMemoryOwner<byte>
    {
        public Memory<byte> Memory { get; } = MemoryMarshal.CreateFromPinnedArray(array, 0, array.Length);

        public void Dispose() => pool.Return(this);
    }
}
