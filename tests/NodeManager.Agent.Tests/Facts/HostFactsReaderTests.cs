using NodeManager.Agent.Facts;
using NodeManager.Agent.Tests.Infrastructure;

namespace NodeManager.Agent.Tests.Facts;

/// <summary>HostFactsReader against fake /proc + /sys trees, one named case per row.</summary>
public sealed class HostFactsReaderTests
{
    private const long GiB = 1024L * 1024 * 1024;

    public static TheoryData<string, Action<FakeHostTree>, Action<HostFacts>> Cases => new()
    {
        {
            "hostname, cpus from the online list, memory in bytes",
            t => t.With("proc/sys/kernel/hostname", "Node-07\n")
                .With("sys/devices/system/cpu/online", "0-3,6,8-9\n")
                .With("proc/meminfo", "MemTotal:       16318460 kB\nMemFree:  100 kB\nMemAvailable:    8159230 kB\n"),
            f =>
            {
                Assert.Equal("Node-07", f.Hostname);
                Assert.Equal(7, f.CpuCount);
                Assert.Equal(7000, f.CpuMilliCores);
                Assert.Equal(16318460L * 1024, f.Memory.TotalBytes);
                Assert.Equal(8159230L * 1024, f.Memory.AvailableBytes);
            }
        },
        {
            "no online list: processors counted in cpuinfo",
            t => t.With("proc/cpuinfo", "processor\t: 0\nmodel name\t: x\n\nprocessor\t: 1\n\nprocessor\t: 2\n"),
            f => Assert.Equal(3, f.CpuCount)
        },
        {
            "no MemAvailable (old kernel): available taken as total",
            t => t.With("proc/meminfo", "MemTotal: 4194304 kB\n"),
            f => Assert.Equal(new MemoryInfo(4 * GiB, 4 * GiB), f.Memory)
        },
        {
            "interfaces: MAC lowercased, loopback by ARP type, missing carrier is unknown",
            t => t.Interface("lo", "00:00:00:00:00:00", "unknown", "1", type: 772, "127.0.0.1")
                .Interface("eth0", "AA:BB:CC:DD:EE:01", "up", "1", ips: "10.0.0.7")
                .Interface("eth1", "aa:bb:cc:dd:ee:02", "down", null),
            f =>
            {
                Assert.Equal(["eth0", "eth1", "lo"], f.Interfaces.Select(i => i.Name));
                Assert.Equal("aa:bb:cc:dd:ee:01", f.FindInterface("eth0")!.Mac);
                Assert.True(f.FindInterface("lo")!.IsLoopback);
                Assert.True(f.FindInterface("eth0")!.IsUp);
                Assert.Null(f.FindInterface("eth1")!.Carrier);
                Assert.False(f.FindInterface("eth1")!.IsUp);
            }
        },
        {
            "default route: the lowest metric wins",
            t => t.DefaultRoutes(("eth1", 200), ("eth0", 100)),
            f => Assert.Equal("eth0", f.DefaultRouteInterface)
        },
        {
            "no route file: no default route interface",
            _ => { },
            f => Assert.Null(f.DefaultRouteInterface)
        },
        {
            "DMI serial read and trimmed",
            t => t.With("sys/class/dmi/id/product_serial", "SN-12345  \n"),
            f => Assert.Equal("SN-12345", f.SerialNumber)
        },
        {
            "no DMI serial: empty",
            _ => { },
            f => Assert.Equal("", f.SerialNumber)
        },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void Read_FakeTree_Facts(string name, Action<FakeHostTree> arrange, Action<HostFacts> verify)
    {
        Assert.NotEmpty(name);
        using var tree = new FakeHostTree();
        arrange(tree);
        verify(tree.Reader().Read());
    }

    public static TheoryData<string, string?, string?> PrimaryCases => new()
    {
        { "configured interface wins", "eth1", "eth1" },
        { "configured interface that does not exist: none", "eth7", null },
        { "default route's interface", null, "eth2" },
    };

    [Theory]
    [MemberData(nameof(PrimaryCases))]
    public void ChoosePrimary_Rules(string name, string? configured, string? expected)
    {
        Assert.NotEmpty(name);
        using var tree = new FakeHostTree();
        tree.Interface("lo", "00:00:00:00:00:00", "unknown", "1", type: 772, "127.0.0.1")
            .Interface("eth1", "aa:bb:cc:dd:ee:01", "up", "1", ips: "10.0.0.1")
            .Interface("eth2", "aa:bb:cc:dd:ee:02", "up", "1", ips: "10.0.0.2")
            .DefaultRoutes(("eth2", 0));
        Assert.Equal(expected, PrimaryInterface.Choose(tree.Reader().Read(), configured)?.Name);
    }

    [Fact]
    public void ChoosePrimary_NoDefaultRoute_FirstNonLoopbackUpWithAddress()
    {
        using var tree = new FakeHostTree();
        tree.Interface("lo", "00:00:00:00:00:00", "unknown", "1", type: 772, "127.0.0.1")
            .Interface("eth0", "aa:bb:cc:dd:ee:00", "down", "0", ips: "10.0.0.9")
            .Interface("eth1", "aa:bb:cc:dd:ee:01", "up", "1")
            .Interface("eth2", "aa:bb:cc:dd:ee:02", "up", "1", 1, "fe80::1", "10.0.0.2");
        var primary = PrimaryInterface.Choose(tree.Reader().Read(), null);
        Assert.Equal("eth2", primary?.Name);
        Assert.Equal("10.0.0.2", primary?.PrimaryAddress?.ToString());
    }

    [Fact]
    public void ChoosePrimary_OnlyLoopback_None()
    {
        using var tree = new FakeHostTree();
        tree.Interface("lo", "00:00:00:00:00:00", "unknown", "1", type: 772, "127.0.0.1");
        Assert.Null(PrimaryInterface.Choose(tree.Reader().Read(), null));
    }
}
