using NodeManager.Simulator.Measure;

namespace NodeManager.Simulator.Tests.Measure;

public sealed class ResourceMathTests
{
    [Fact]
    public void CpuSecondsPer100k_TwoSamples_TicksOverHeartbeatsScaled()
    {
        // 150 ticks at 100/s = 1.5 CPU-s for 600,000 heartbeats → 0.25 s per 100k.
        var before = new ProcSample(CpuTicks: 1_000, RssBytes: 0, PeakRssBytes: 0);
        var after = new ProcSample(CpuTicks: 1_150, RssBytes: 0, PeakRssBytes: 0);
        Assert.Equal(0.25, ResourceMath.CpuSecondsPer100k(before, after, 600_000), 9);
    }

    [Fact]
    public void CpuSecondsPer100k_NoHeartbeats_IsNaN() =>
        Assert.True(double.IsNaN(ResourceMath.CpuSecondsPer100k(default, new ProcSample(10, 0, 0), 0)));

    [Fact]
    public void CpuSecondsPer100k_OtherClockRate_UsesIt() =>
        Assert.Equal(1.0, ResourceMath.CpuSecondsPer100k(default, new ProcSample(1000, 0, 0), 100_000, ticksPerSecond: 1000), 9);

    [Fact]
    public void Cores_SixtyTicksOverThreeSeconds_IsOneFifth() =>
        Assert.Equal(0.2, ResourceMath.Cores(new ProcSample(40, 0, 0), new ProcSample(100, 0, 0), TimeSpan.FromSeconds(3)), 9);

    [Fact]
    public void RssPerNode_GibibyteOverHundredThousand_BytesEach() =>
        Assert.Equal(10_737.41824, ResourceMath.RssPerNode(1L << 30, 100_000), 6);

    [Fact]
    public void RssPerNode_NoNodes_IsNaN() => Assert.True(double.IsNaN(ResourceMath.RssPerNode(1000, 0)));

    [Theory]
    [InlineData(19_900, 20_000, 0.995)]
    [InlineData(20_000, 20_000, 1.0)]
    [InlineData(1, 0, double.NaN)]
    public void RateRatio_AchievedOverTarget(double achieved, double target, double expected) =>
        Assert.Equal(expected, ResourceMath.RateRatio(achieved, target), 9);
}
