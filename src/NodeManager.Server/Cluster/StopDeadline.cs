namespace NodeManager.Server.Cluster;

/// <summary>
/// <c>NodeManager:StopDeadline</c>: how long a stop (SIGTERM) may take before the process exits without waiting
/// for the rest of it. Default 15 s: longer than the heartbeat streams' drain and the final flush of
/// heartbeat times, shorter than Orleans' retries of telling an unreachable membership store that the silo leaves.
/// </summary>
public static class StopDeadline
{
    public static readonly TimeSpan Default = TimeSpan.FromSeconds(15);

    public static TimeSpan Of(IConfiguration configuration) =>
        TimeSpan.TryParse(configuration["NodeManager:StopDeadline"], System.Globalization.CultureInfo.InvariantCulture, out var value) && value > TimeSpan.Zero
            ? value
            : Default;
}
