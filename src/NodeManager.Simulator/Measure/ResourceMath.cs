namespace NodeManager.Simulator.Measure;

/// <summary>The server-cost ratios of the report: robust to a noisy shared machine because they divide by work done.</summary>
public static class ResourceMath
{
    /// <summary>Server CPU-seconds (user + system) spent per 100,000 heartbeats acked between two samples; NaN without heartbeats.</summary>
    public static double CpuSecondsPer100k(ProcSample before, ProcSample after, long heartbeats, int ticksPerSecond = ProcReader.ClockTicksPerSecond) =>
        heartbeats <= 0 ? double.NaN : (after.CpuTicks - before.CpuTicks) / (double)ticksPerSecond / heartbeats * 100_000;

    /// <summary>Average cores busy between two samples <paramref name="elapsed"/> apart.</summary>
    public static double Cores(ProcSample before, ProcSample after, TimeSpan elapsed, int ticksPerSecond = ProcReader.ClockTicksPerSecond) =>
        elapsed <= TimeSpan.Zero ? double.NaN : (after.CpuTicks - before.CpuTicks) / (double)ticksPerSecond / elapsed.TotalSeconds;

    /// <summary>Resident bytes per connected node; NaN with no node connected.</summary>
    public static double RssPerNode(long rssBytes, int connectedNodes) => connectedNodes <= 0 ? double.NaN : rssBytes / (double)connectedNodes;

    /// <summary>Achieved rate as a fraction of the target (1.0 = on target).</summary>
    public static double RateRatio(double achieved, double target) => target <= 0 ? double.NaN : achieved / target;
}
