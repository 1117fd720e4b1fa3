using NodeManager.Agent.Facts;

namespace NodeManager.Agent.Tests.Facts;

public sealed class ProcTextTests
{
    [Theory]
    [InlineData("0", true, 1)]
    [InlineData("0-3", true, 4)]
    [InlineData("0-3,6,8-9", true, 7)]
    [InlineData(" 0-1 \n", true, 2)]
    [InlineData("", false, 0)]
    [InlineData("3-1", false, 0)]
    [InlineData("a-b", false, 0)]
    public void TryCountCpuList_Table(string list, bool ok, int count)
    {
        Assert.Equal(ok, ProcText.TryCountCpuList(list.Trim(), out var actual));
        Assert.Equal(count, actual);
    }

    [Theory]
    [InlineData("MemTotal:       16318460 kB", "MemTotal", true, 16318460L * 1024)]
    [InlineData("MemAvailable: 10 kB", "MemAvailable", true, 10240L)]
    [InlineData("HugePages_Total:       0", "HugePages_Total", true, 0L)]
    [InlineData("MemTotalX: 1 kB", "MemTotal", false, 0L)]
    [InlineData("MemTotal:", "MemTotal", false, 0L)]
    [InlineData("MemTotal: lots kB", "MemTotal", false, 0L)]
    public void TryParseMeminfo_Table(string line, string key, bool ok, long bytes)
    {
        Assert.Equal(ok, ProcText.TryParseMeminfo(line, key, out var actual));
        Assert.Equal(bytes, actual);
    }

    [Fact]
    public void DefaultRouteInterface_RouteNotUp_Ignored()
    {
        string[] lines =
        [
            "Iface\tDestination\tGateway\tFlags\tRefCnt\tUse\tMetric\tMask",
            "eth0\t00000000\t0102A8C0\t0002\t0\t0\t0\t00000000",
            "eth1\t00000000\t0102A8C0\t0003\t0\t0\t50\t00000000",
            "garbage",
        ];
        Assert.Equal("eth1", ProcText.DefaultRouteInterface(lines));
    }
}
