namespace NodeManager.Core.Health;

/// <summary>
/// Timing of health decisions (<c>NodeManager:Health</c>, DESIGN §5 and §8). Unset derived
/// values take their documented defaults through <see cref="Grace"/> and <see cref="StartupGraceOrDefault"/>.
/// </summary>
public sealed class HealthPolicy
{
    /// <summary>Interval pushed to agents. Default 5 s.</summary>
    public TimeSpan HeartbeatInterval { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>No heartbeat for this long → fallback probe. Default 3 intervals.</summary>
    public TimeSpan? GracePeriod { get; set; }

    /// <summary>Fallback probe timeout. Default 2 s.</summary>
    public TimeSpan ProbeTimeout { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>No contact (heartbeat or successful probe) for this long → DOWN. Default 60 s.</summary>
    public TimeSpan DownAfter { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>How often the sweeper scans. Default 1 s.</summary>
    public TimeSpan SweepInterval { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>After start-up, no NOT_READY/DOWN before this. Default one grace period.</summary>
    public TimeSpan? StartupGrace { get; set; }

    /// <summary>Consecutive good heartbeats to return to READY from NOT_READY or DOWN. Default 2.</summary>
    public int RecoveryHeartbeats { get; set; } = 2;

    /// <summary>Fraction of ready nodes going stale in one sweep that trips the guard. Default 0.5.</summary>
    public double DisruptionThreshold { get; set; } = 0.5;

    /// <summary>The guard trips only when at least this many nodes go stale. Default 50.</summary>
    public int DisruptionMinNodes { get; set; } = 50;

    /// <summary>
    /// How often received heartbeat times are written to a store of this silo's own (SQLite, or PostgreSQL
    /// while no other silo is active). Default one grace period. A store shared with other silos gets them
    /// every sweep: the leading silo reads them.
    /// </summary>
    public TimeSpan? HeartbeatFlushInterval { get; set; }

    /// <summary>Probes in flight at once. Default 64.</summary>
    public int MaxConcurrentProbes { get; set; } = 64;

    public TimeSpan Grace => GracePeriod ?? HeartbeatInterval * 3;

    public TimeSpan StartupGraceOrDefault => StartupGrace ?? Grace;

    public TimeSpan HeartbeatFlushIntervalOrDefault => HeartbeatFlushInterval ?? Grace;

    /// <summary>Every problem at once, each naming its key and how to fix it.</summary>
    public IReadOnlyList<string> Validate()
    {
        var problems = new List<string>();
        void Positive(string key, TimeSpan value)
        {
            if (value <= TimeSpan.Zero)
            {
                problems.Add($"NodeManager:Health:{key} must be a positive TimeSpan such as 00:00:05 (is {value}).");
            }
        }

        Positive(nameof(HeartbeatInterval), HeartbeatInterval);
        Positive(nameof(GracePeriod), Grace);
        Positive(nameof(ProbeTimeout), ProbeTimeout);
        Positive(nameof(DownAfter), DownAfter);
        Positive(nameof(SweepInterval), SweepInterval);
        Positive(nameof(HeartbeatFlushInterval), HeartbeatFlushIntervalOrDefault);
        if (StartupGraceOrDefault < TimeSpan.Zero)
        {
            problems.Add("NodeManager:Health:StartupGrace must not be negative.");
        }

        if (Grace < HeartbeatInterval)
        {
            problems.Add($"NodeManager:Health:GracePeriod ({Grace}) must be at least the HeartbeatInterval ({HeartbeatInterval}).");
        }

        if (DownAfter <= Grace)
        {
            problems.Add($"NodeManager:Health:DownAfter ({DownAfter}) must be longer than the GracePeriod ({Grace}).");
        }

        if (RecoveryHeartbeats < 1)
        {
            problems.Add("NodeManager:Health:RecoveryHeartbeats must be at least 1.");
        }

        if (double.IsNaN(DisruptionThreshold) || DisruptionThreshold is <= 0 or > 1)
        {
            problems.Add("NodeManager:Health:DisruptionThreshold must be in (0, 1].");
        }

        if (DisruptionMinNodes < 1 || MaxConcurrentProbes < 1)
        {
            problems.Add("NodeManager:Health:DisruptionMinNodes and MaxConcurrentProbes must be at least 1.");
        }

        return problems;
    }

    /// <summary>
    /// Takes every timing of <paramref name="other"/> while the server runs (a configuration reload);
    /// <see cref="MaxConcurrentProbes"/> is kept: it sizes a semaphore made at start-up.
    /// </summary>
    public void Apply(HealthPolicy other)
    {
        HeartbeatInterval = other.HeartbeatInterval;
        GracePeriod = other.GracePeriod;
        ProbeTimeout = other.ProbeTimeout;
        DownAfter = other.DownAfter;
        SweepInterval = other.SweepInterval;
        StartupGrace = other.StartupGrace;
        RecoveryHeartbeats = other.RecoveryHeartbeats;
        DisruptionThreshold = other.DisruptionThreshold;
        DisruptionMinNodes = other.DisruptionMinNodes;
        HeartbeatFlushInterval = other.HeartbeatFlushInterval;
    }

    /// <summary>True when <see cref="Apply"/> would change nothing.</summary>
    public bool SameTimings(HealthPolicy other) =>
        HeartbeatInterval == other.HeartbeatInterval && GracePeriod == other.GracePeriod && ProbeTimeout == other.ProbeTimeout
        && DownAfter == other.DownAfter && SweepInterval == other.SweepInterval && StartupGrace == other.StartupGrace
        && RecoveryHeartbeats == other.RecoveryHeartbeats && DisruptionThreshold.Equals(other.DisruptionThreshold)
        && DisruptionMinNodes == other.DisruptionMinNodes && HeartbeatFlushInterval == other.HeartbeatFlushInterval;
}
