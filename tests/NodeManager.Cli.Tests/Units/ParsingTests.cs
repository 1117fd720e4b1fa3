using NodeManager.Cli.Commands;
using NodeManager.Cli.Config;
using NodeManager.Contracts.V1;

namespace NodeManager.Cli.Tests.Units;

/// <summary>How nmctl reads quantities, durations and enum names (no server needed).</summary>
public sealed class ParsingTests
{
    [Theory]
    [InlineData("4", 4000)]
    [InlineData("2.5", 2500)]
    [InlineData("500m", 500)]
    [InlineData("0", 0)]
    public void MilliCores_CoresOrMilliCores(string text, long expected)
    {
        Assert.True(Quantities.TryParseMilliCores(text, out var value));
        Assert.Equal(expected, value);
    }

    [Theory]
    [InlineData("1024", 1024L)]
    [InlineData("16Gi", 17179869184L)]
    [InlineData("16GiB", 17179869184L)]
    [InlineData("500G", 500000000000L)]
    [InlineData("512Mi", 536870912L)]
    [InlineData("1Ti", 1099511627776L)]
    public void Bytes_BinaryAndDecimalSuffixes(string text, long expected)
    {
        Assert.True(Quantities.TryParseBytes(text, out var value));
        Assert.Equal(expected, value);
    }

    [Theory]
    [InlineData("lots")]
    [InlineData("-1")]
    [InlineData("16Qi")]
    [InlineData("")]
    public void Bytes_Nonsense_IsRefused(string text) => Assert.False(Quantities.TryParseBytes(text, out _));

    [Theory]
    [InlineData(274877906944L, "256Gi")]
    [InlineData(1000L, "1000")]
    public void FormatBytes_ExactBinaryUnitsOrPlainBytes(long bytes, string expected) => Assert.Equal(expected, Quantities.FormatBytes(bytes));

    [Theory]
    [InlineData("30", 30.0)]
    [InlineData("30s", 30.0)]
    [InlineData("500ms", 0.5)]
    [InlineData("2m", 120.0)]
    public void Durations_SecondsByDefault(string text, double seconds)
    {
        Assert.True(Durations.TryParse(text, out var value));
        Assert.Equal(seconds, value.TotalSeconds, 3);
    }

    [Theory]
    [InlineData("not-ready", HealthStatus.NotReady)]
    [InlineData("NOT_READY", HealthStatus.NotReady)]
    [InlineData("HEALTH_STATUS_NOT_READY", HealthStatus.NotReady)]
    [InlineData("ready", HealthStatus.Ready)]
    public void EnumNames_TakeShortLongAndDashedForms(string text, HealthStatus expected)
    {
        Assert.True(EnumNames.TryParse<HealthStatus>(text, out var value));
        Assert.Equal(expected, value);
        Assert.False(EnumNames.TryParse<HealthStatus>("unspecified", out _));
    }

    [Fact]
    public void EnumNames_ShortAndChoices()
    {
        Assert.Equal("BEST_FIT", EnumNames.Short(PlacementPolicy.BestFit));
        Assert.Equal(["best-fit", "spread"], EnumNames.Choices<PlacementPolicy>());
    }

    [Theory]
    [InlineData("localhost:5081", "http://localhost:5081/")]
    [InlineData("https://nm.example:443", "https://nm.example/")]
    public void ServerAddress_HostPortMeansHttp(string text, string expected) =>
        Assert.Equal(expected, SettingsResolver.ParseServer(text, "--server").ToString());
}
