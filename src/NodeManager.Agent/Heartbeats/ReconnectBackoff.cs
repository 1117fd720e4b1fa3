namespace NodeManager.Agent.Heartbeats;

/// <summary>
/// Exponential backoff with full jitter: attempt n waits a uniform random time in
/// [0, min(max, initial × 2ⁿ⁻¹)]. <see cref="Reset"/> after a connection that worked.
/// </summary>
public sealed class ReconnectBackoff(TimeSpan initial, TimeSpan max, Random? random = null)
{
    private readonly Random _random = random ?? Random.Shared;

    public int Attempt { get; private set; }

    /// <summary>The upper bound of the delay of attempt <paramref name="attempt"/> (1-based).</summary>
    public TimeSpan Ceiling(int attempt)
    {
        var exponent = Math.Min(Math.Max(attempt - 1, 0), 30);
        var ticks = Math.Min((double)initial.Ticks * Math.Pow(2, exponent), max.Ticks);
        return TimeSpan.FromTicks((long)ticks);
    }

    public TimeSpan Next()
    {
        Attempt++;
        return TimeSpan.FromTicks((long)(_random.NextDouble() * Ceiling(Attempt).Ticks));
    }

    public void Reset() => Attempt = 0;
}
