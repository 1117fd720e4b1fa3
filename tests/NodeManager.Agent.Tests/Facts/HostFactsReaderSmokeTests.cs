using NodeManager.Agent.Facts;
using NodeManager.Agent.Tests.Infrastructure;

namespace NodeManager.Agent.Tests.Facts;

/// <summary>The reader on the machine running the tests: Linux only, the values must be plausible.</summary>
public sealed class HostFactsReaderSmokeTests
{
    [LinuxFact]
    public void Read_RealMachine_PlausibleFacts()
    {
        var facts = new HostFactsReader().Read();

        Assert.NotEmpty(facts.Hostname);
        Assert.InRange(facts.CpuCount, 1, 4096);
        Assert.True(facts.Memory.TotalBytes > 64L * 1024 * 1024, $"MemTotal {facts.Memory.TotalBytes}");
        Assert.InRange(facts.Memory.AvailableBytes, 0, facts.Memory.TotalBytes);
        Assert.True(facts.RootDisk.TotalBytes > 0, "root filesystem size");
        Assert.InRange(facts.RootDisk.FreeBytes, 0, facts.RootDisk.TotalBytes);
        Assert.Contains(facts.Interfaces, i => i.IsLoopback);
    }

    [LinuxFact]
    public void ChoosePrimary_RealMachine_NonLoopbackWithAddressWhenNetworked()
    {
        var facts = new HostFactsReader().Read();
        var primary = PrimaryInterface.Choose(facts, null);
        if (primary is null)
        {
            Assert.DoesNotContain(facts.Interfaces, i => !i.IsLoopback && i.IsUp && i.PrimaryAddress is not null);
            return;
        }

        Assert.False(primary.IsLoopback);
        if (facts.DefaultRouteInterface is { } route)
        {
            Assert.Equal(route, primary.Name);
            Assert.NotNull(primary.PrimaryAddress);
        }
    }

    [LinuxFact]
    public void SampleCpu_RealMachine_WithinCapacity()
    {
        var sampler = new CpuSampler();
        Assert.Equal(0, sampler.SampleMilliCores(Environment.ProcessorCount));
        for (var i = 0; i < 200_000; i++)
        {
            _ = Math.Sqrt(i);
        }

        Assert.InRange(sampler.SampleMilliCores(Environment.ProcessorCount), 0, Environment.ProcessorCount * 1000L);
    }
}
