namespace NodeManager.Simulator.Agents;

/// <summary>
/// The upper bound of the full-jitter delay before a broken agent's next attempt: the first one after a stream that
/// worked (no failure yet) goes to the next endpoint within the failover jitter, as the agent does; later ones back
/// off from 100 ms, doubling up to the cap.
/// </summary>
public static class ReconnectDelay
{
    private const double BaseMilliseconds = 100;

    /// <param name="failures">Failed attempts since the agent's last ack.</param>
    public static TimeSpan Ceiling(int failures, TimeSpan failoverJitter, TimeSpan max) =>
        failures == 0
            ? failoverJitter
            : TimeSpan.FromMilliseconds(Math.Min(max.TotalMilliseconds, BaseMilliseconds * Math.Pow(2, Math.Min(failures - 1, 16))));
}
