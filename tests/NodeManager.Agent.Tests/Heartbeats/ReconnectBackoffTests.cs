using NodeManager.Agent.Heartbeats;

namespace NodeManager.Agent.Tests.Heartbeats;

public sealed class ReconnectBackoffTests
{
    [Theory]
    [InlineData(1, 1)]
    [InlineData(2, 2)]
    [InlineData(3, 4)]
    [InlineData(5, 16)]
    [InlineData(6, 30)]
    [InlineData(50, 30)]
    [InlineData(int.MaxValue, 30)]
    public void Ceiling_DoublesFromOneSecondUpToThirty(int attempt, int seconds)
    {
        var backoff = new ReconnectBackoff(TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(30));
        Assert.Equal(TimeSpan.FromSeconds(seconds), backoff.Ceiling(attempt));
    }

    [Fact]
    public void Next_FullJitter_WithinZeroAndCeilingAndSpread()
    {
        var backoff = new ReconnectBackoff(TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(30), new Random(42));
        var delays = new List<TimeSpan>();
        for (var i = 1; i <= 200; i++)
        {
            var delay = backoff.Next();
            Assert.InRange(delay, TimeSpan.Zero, backoff.Ceiling(i));
            delays.Add(delay);
        }

        // Full jitter: late attempts spread over [0, 30 s], not bunched at the ceiling.
        var late = delays.Skip(10).ToList();
        Assert.Contains(late, d => d < TimeSpan.FromSeconds(10));
        Assert.Contains(late, d => d > TimeSpan.FromSeconds(20));
    }

    [Fact]
    public void Reset_StartsOverAtOneSecond()
    {
        var backoff = new ReconnectBackoff(TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(30), new Random(1));
        for (var i = 0; i < 10; i++)
        {
            backoff.Next();
        }

        backoff.Reset();
        Assert.InRange(backoff.Next(), TimeSpan.Zero, TimeSpan.FromSeconds(1));
        Assert.Equal(1, backoff.Attempt);
    }
}
