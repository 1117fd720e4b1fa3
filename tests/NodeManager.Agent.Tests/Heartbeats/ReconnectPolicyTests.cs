using NodeManager.Agent.Heartbeats;

namespace NodeManager.Agent.Tests.Heartbeats;

public sealed class ReconnectPolicyTests
{
    private static readonly TimeSpan Jitter = TimeSpan.FromSeconds(1);

    [Fact]
    public void NextDelay_FirstAttemptWithinTheJitter_LaterOnesTheBackoff()
    {
        var backoff = new ReconnectBackoff(TimeSpan.FromSeconds(10), TimeSpan.FromSeconds(30), new Random(1));
        var policy = new ReconnectPolicy(backoff, Jitter, new Random(2));

        Assert.InRange(policy.NextDelay(), TimeSpan.Zero, Jitter);
        Assert.Equal(1, policy.Attempt);
        Assert.Equal(0, backoff.Attempt);
        for (var attempt = 2; attempt <= 6; attempt++)
        {
            Assert.InRange(policy.NextDelay(), TimeSpan.Zero, backoff.Ceiling(attempt - 1));
            Assert.Equal(attempt, policy.Attempt);
            Assert.Equal(attempt - 1, backoff.Attempt);
        }
    }

    [Fact]
    public void Reset_AfterAnAck_NextFailureIsPromptAgain()
    {
        var backoff = new ReconnectBackoff(TimeSpan.FromSeconds(10), TimeSpan.FromSeconds(30), new Random(1));
        var policy = new ReconnectPolicy(backoff, Jitter, new Random(2));
        for (var i = 0; i < 5; i++)
        {
            policy.NextDelay();
        }

        policy.Reset();

        Assert.InRange(policy.NextDelay(), TimeSpan.Zero, Jitter);
        Assert.Equal(1, policy.Attempt);
        Assert.Equal(0, backoff.Attempt);
    }

    [Fact]
    public void NextDelay_ManyAgentsLoseTheirSilo_FirstAttemptsSpreadOverTheJitter()
    {
        var random = new Random(42);
        var delays = Enumerable.Range(0, 1000)
            .Select(_ => new ReconnectPolicy(new ReconnectBackoff(TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(30), random), Jitter, random).NextDelay())
            .ToList();

        Assert.All(delays, d => Assert.InRange(d, TimeSpan.Zero, Jitter));
        Assert.Contains(delays, d => d < TimeSpan.FromMilliseconds(100));
        Assert.Contains(delays, d => d > TimeSpan.FromMilliseconds(900));
    }

    [Fact]
    public void NextDelay_NoJitter_FirstAttemptAtOnce() =>
        Assert.Equal(TimeSpan.Zero, new ReconnectPolicy(new ReconnectBackoff(TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(30)), TimeSpan.Zero).NextDelay());
}
