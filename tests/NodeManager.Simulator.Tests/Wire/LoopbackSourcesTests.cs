using System.Net;
using NodeManager.Simulator.Wire;

namespace NodeManager.Simulator.Tests.Wire;

public sealed class LoopbackSourcesTests
{
    [Theory]
    [InlineData(0, "127.0.0.2")]
    [InlineData(19_999, "127.0.0.2")]
    [InlineData(20_000, "127.0.0.3")]
    [InlineData(99_999, "127.0.0.6")]
    public void For_AgentIndex_FillsEachSourceBeforeTheNext(int index, string expected) =>
        Assert.Equal(IPAddress.Parse(expected), LoopbackSources.For(index, 20_000));

    [Fact]
    public void Count_HundredThousandAgents_FiveSourcesOfTwentyThousand() => Assert.Equal(5, LoopbackSources.Count(100_000, 20_000));

    [Fact]
    public void For_BeyondTheLoopbackRange_Throws() =>
        Assert.Throws<ArgumentOutOfRangeException>(() => LoopbackSources.For(253, 1));
}
