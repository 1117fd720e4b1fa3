using System.Buffers;
using Microsoft.AspNetCore.Connections;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using NodeManager.Server.Kestrel;

namespace NodeManager.Server.Tests.Kestrel;

public class TrimmingBlockMemoryPoolTests
{
    private static readonly TimeSpan Window = TimeSpan.FromSeconds(8);

    [Fact]
    public void Rent_GivesPinnedBlocksOfTheConfiguredSize_AndReusesReturnedOnes()
    {
        using var pool = new TrimmingBlockMemoryPool(1024, Window, new SteppedTime());

        var first = RentMany(pool, 100);
        Assert.All(first, block => Assert.Equal(1024, block.Memory.Length));
        Assert.Equal(100, pool.InUse);
        first.ForEach(block => block.Dispose());
        var second = RentMany(pool, 100);

        Assert.Equal(100, pool.Allocated); // the second hundred came from the idle blocks
        Assert.Equal(0, pool.Released);
        second.ForEach(block => block.Dispose());
        Assert.Equal(0, pool.InUse);
        Assert.Equal(100, pool.Idle);
    }

    [Fact]
    public void IdleBlocks_BeyondTheWindowsPeak_AreReleasedOnceTheBurstLeavesTheWindow()
    {
        var time = new SteppedTime();
        using var pool = new TrimmingBlockMemoryPool(512, Window, time);
        RentMany(pool, 1000).ForEach(block => block.Dispose()); // a burst: 1,000 in use at once

        time.Advance(Window + Window); // the burst is out of the window; from now on demand is 10 at a time
        for (var round = 0; round < 600; round++)
        {
            RentMany(pool, 10).ForEach(block => block.Dispose());
        }

        Assert.Equal(10, pool.Idle);
        Assert.Equal(990, pool.Released);
        Assert.Equal(1000, pool.Allocated); // no block was made again for the steady demand
    }

    [Fact]
    public void IdleBlocks_WithinTheWindow_AreKeptForTheDemandJustSeen()
    {
        var time = new SteppedTime();
        using var pool = new TrimmingBlockMemoryPool(512, Window, time);
        RentMany(pool, 1000).ForEach(block => block.Dispose());

        time.Advance(Window / 2);
        RentMany(pool, 10).ForEach(block => block.Dispose());

        Assert.Equal(1000, pool.Idle);
        Assert.Equal(0, pool.Released);
    }

    [Fact]
    public void Rent_LargerThanABlock_OrAfterDispose_Throws()
    {
        var pool = new TrimmingBlockMemoryPool(1024, Window, new SteppedTime());

        var tooLarge = Assert.Throws<ArgumentOutOfRangeException>(() => pool.Rent(1025));
        Assert.Contains("1024", tooLarge.Message, StringComparison.Ordinal);
        pool.Dispose();
        Assert.Throws<ObjectDisposedException>(() => pool.Rent());
    }

    [Fact]
    public void AddGrpcKestrelMemoryPool_RegistersTheFactory_WithTheConfiguredBlockSize()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["NodeManager:Grpc:BufferBlockSize"] = "2048",
        }).Build();
        using var services = new ServiceCollection().AddGrpcKestrelMemoryPool(configuration).BuildServiceProvider();

        using var pool = services.GetRequiredService<IMemoryPoolFactory<byte>>().Create();

        Assert.Equal(2048, pool.MaxBufferSize);
        Assert.Same(pool, Assert.Single(services.GetRequiredService<TrimmingBlockMemoryPoolFactory>().Pools));
    }

    [Fact]
    public void AddGrpcKestrelMemoryPool_InvalidValues_ThrowsListingEveryFailure()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["NodeManager:Grpc:BufferBlockSize"] = "100",
            ["NodeManager:Grpc:BufferPoolDemandWindow"] = "00:00:00",
        }).Build();

        var ex = Assert.Throws<OptionsValidationException>(() => new ServiceCollection().AddGrpcKestrelMemoryPool(configuration));

        Assert.Equal(2, ex.Failures.Count());
        Assert.Contains(ex.Failures, f => f.Contains("BufferBlockSize", StringComparison.Ordinal));
        Assert.Contains(ex.Failures, f => f.Contains("BufferPoolDemandWindow", StringComparison.Ordinal));
    }

    private static List<IMemoryOwner<byte>> RentMany(MemoryPool<byte> pool, int count) =>
        Enumerable.Range(0, count).Select(_ => pool.Rent()).ToList();

    /// <summary>A clock that moves only when told.</summary>
    private sealed class SteppedTime : TimeProvider
    {
        private long _ticks = 1_000_000;

        public override long TimestampFrequency => TimeSpan.TicksPerSecond;

        public override long GetTimestamp() => _ticks;

        public void Advance(TimeSpan by) => _ticks += by.Ticks;
    }
}
