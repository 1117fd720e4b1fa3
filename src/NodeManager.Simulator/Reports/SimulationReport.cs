namespace NodeManager.Simulator.Reports;

/// <summary>The figures of one run; printed as a table and as one JSON line. NaN/null = not measured.</summary>
public sealed class SimulationReport
{
    public string Scenario { get; set; } = "";
    public string Label { get; set; } = "";
    public int Nodes { get; set; }
    public string Mode { get; set; } = "";
    public int Connections { get; set; }
    public double IntervalSeconds { get; set; }
    public double WindowSeconds { get; set; }
    public string LoadAverage { get; set; } = "";
    public double TargetHbPerSec { get; set; }
    public double DueHbPerSec { get; set; }
    public double AchievedHbPerSec { get; set; }
    public double RateRatio { get; set; }
    public long Sent { get; set; }
    public long Acked { get; set; }
    public long Lost { get; set; }
    public long Late { get; set; }

    /// <summary>Heartbeats not sent because the previous write was still pending and one was already queued behind it.</summary>
    public long Skipped { get; set; }

    public long StreamErrors { get; set; }
    public long SendErrors { get; set; }
    public long Reconnects { get; set; }

    /// <summary>With several server endpoints: reconnects in the window per endpoint moved to (null with one).</summary>
    public Dictionary<string, long>? ReconnectsTo { get; set; }

    /// <summary>With several server endpoints: agents connected to each at the end of the window (null with one).</summary>
    public Dictionary<string, int>? ConnectedTo { get; set; }

    public double AckP50Ms { get; set; }
    public double AckP99Ms { get; set; }
    public double AckP999Ms { get; set; }
    public double AckMaxMs { get; set; }
    public double SendLagP99Ms { get; set; }
    public int Victims { get; set; }
    public int Detected { get; set; }
    public double? DetectP50S { get; set; }
    public double? DetectP99S { get; set; }
    public double? DetectMaxS { get; set; }

    /// <summary>From the act to the transition's time as the server stamped it (same machine, same clock): detection without the simulator's own lag.</summary>
    public double? DecideP50S { get; set; }

    public double? DecideP99S { get; set; }

    public double? DecideMaxS { get; set; }
    public int FalseTransitions { get; set; }
    public long BadStatusAcks { get; set; }
    public bool? GuardSeen { get; set; }
    public double? RestartSeconds { get; set; }
    public double? RecoverySeconds { get; set; }
    public int? NotReadyAtEnd { get; set; }
    public long? ChurnOps { get; set; }
    public long? ChurnErrors { get; set; }
    public double? ServerCpuSecondsPer100k { get; set; }
    public double? ServerCores { get; set; }
    public double? SimulatorCores { get; set; }
    public long? ServerPeakRssBytes { get; set; }
    public long? ServerWindowRssBytes { get; set; }
    public double? RssBytesPerNode { get; set; }
    public double? MaxSustainedHbPerSec { get; set; }
    public List<SimulationReport> Steps { get; set; } = [];
    public List<string> Failures { get; set; } = [];
    public bool Passed => Failures.Count == 0;
}
