using NodeManager.Simulator.Agents;

namespace NodeManager.Simulator.Tests.Agents;

public sealed class ReconnectDelayTests
{
    [Theory]
    [InlineData(0, 1000)] // first attempt after a working stream: the failover jitter
    [InlineData(1, 100)]
    [InlineData(2, 200)]
    [InlineData(6, 3200)]
    [InlineData(7, 5000)]
    [InlineData(1000, 5000)]
    public void Ceiling_FailuresSinceTheLastAck_JitterThenDoublingFrom100MsUpToTheCap(int failures, int milliseconds) =>
        Assert.Equal(TimeSpan.FromMilliseconds(milliseconds), ReconnectDelay.Ceiling(failures, TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(5)));
}
