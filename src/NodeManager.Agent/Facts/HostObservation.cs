namespace NodeManager.Agent.Facts;

/// <summary>The host's facts with the primary interface chosen (null when none qualifies).</summary>
public sealed record HostObservation(HostFacts Facts, NetworkInterfaceFacts? Primary)
{
    public string PrimaryIp => Primary?.PrimaryAddress?.ToString() ?? "";

    /// <summary>The primary MAC, or empty when it has none (all zeros on loopback-like devices).</summary>
    public string PrimaryMac => Primary is { Mac: { Length: > 0 } mac } && mac != "00:00:00:00:00:00" ? mac : "";
}
