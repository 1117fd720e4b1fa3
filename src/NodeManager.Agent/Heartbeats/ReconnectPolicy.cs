namespace NodeManager.Agent.Heartbeats;

/// <summary>
/// How long the agent waits before each attempt after a failure. The first attempt since the last ack (after a
/// stream that worked, or the first failure at start) waits only a random delay in [0, failover jitter]: it goes to
/// the next endpoint, most likely a live silo, and the node must be heard from again within the server's grace
/// period (3 × 5 s by default); the jitter keeps the agents of a dead silo (up to 100,000) from arriving in
/// lockstep. Later attempts wait the <see cref="ReconnectBackoff"/>'s exponential, fully jittered delay.
/// <see cref="Reset"/> on every ack.
/// </summary>
public sealed class ReconnectPolicy(ReconnectBackoff backoff, TimeSpan failoverJitter, Random? random = null)
{
    private readonly Random _random = random ?? Random.Shared;

    /// <summary>Attempts since the last ack; 1 is the prompt failover.</summary>
    public int Attempt { get; private set; }

    public TimeSpan NextDelay()
    {
        Attempt++;
        return Attempt == 1 ? TimeSpan.FromTicks((long)(_random.NextDouble() * failoverJitter.Ticks)) : backoff.Next();
    }

    public void Reset()
    {
        Attempt = 0;
        backoff.Reset();
    }
}
