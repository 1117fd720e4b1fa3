using NodeManager.Agent.Facts;
using NodeManager.Agent.Tests.Infrastructure;

namespace NodeManager.Agent.Tests.Facts;

public sealed class CpuSamplerTests
{
    [Fact]
    public void SampleMilliCores_HalfBusyBetweenReads_HalfTheCores()
    {
        using var tree = new FakeHostTree();
        tree.With("proc/stat", "cpu  100 0 100 800 0 0 0 0 0 0\ncpu0 1 1 1 1\n");
        var sampler = new CpuSampler(tree.Root);
        Assert.Equal(0, sampler.SampleMilliCores(4));

        // +500 busy (user+system), +500 idle: half of 4 cores.
        tree.With("proc/stat", "cpu  400 0 300 1300 0 0 0 0 0 0\n");
        Assert.Equal(2000, sampler.SampleMilliCores(4));
    }

    [Fact]
    public void SampleMilliCores_NoProcStat_Zero()
    {
        using var tree = new FakeHostTree();
        var sampler = new CpuSampler(tree.Root);
        Assert.Equal(0, sampler.SampleMilliCores(4));
        Assert.Equal(0, sampler.SampleMilliCores(4));
    }
}
