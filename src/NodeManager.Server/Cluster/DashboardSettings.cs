namespace NodeManager.Server.Cluster;

/// <summary>
/// <c>NodeManager:Dashboard</c>: the Orleans Dashboard on the HTTP port (silos, grain types, calls).
/// Its statistics are per grain type and method per silo, not per grain, so 100,000 NodeGrains are one
/// row per silo; it profiles grain calls only while someone has it open (and one minute after). Off unless
/// enabled: at 100,000 agents it cost about 1 KB of resident memory per node and, in the reconnect storm,
/// its collectors went with false NOT_READY verdicts (docs/performance.md).
/// </summary>
public sealed class DashboardSettings
{
    public const string Section = "NodeManager:Dashboard";

    /// <summary>Serve the dashboard (default false).</summary>
    public bool Enabled { get; set; }

    /// <summary>Where it is served on the HTTP endpoint (default <c>/dashboard</c>).</summary>
    public string Path { get; set; } = "/dashboard";

    /// <summary>How often it collects counters from the silos, in milliseconds (default 5000; at least 1000).</summary>
    public int CounterUpdateIntervalMs { get; set; } = 5000;

    /// <summary>How many samples of each counter it keeps (default 100).</summary>
    public int HistoryLength { get; set; } = 100;

    public IEnumerable<string> Validate()
    {
        if (!Path.StartsWith('/') || Path.Length < 2 || Path.EndsWith('/'))
        {
            yield return $"{Section}:Path must start with '/' and name a path, such as /dashboard, not '{Path}'.";
        }

        if (CounterUpdateIntervalMs < 1000)
        {
            yield return $"{Section}:CounterUpdateIntervalMs must be at least 1000, not {CounterUpdateIntervalMs}.";
        }

        if (HistoryLength is < 1 or > 10_000)
        {
            yield return $"{Section}:HistoryLength must be from 1 to 10000, not {HistoryLength}.";
        }
    }
}
