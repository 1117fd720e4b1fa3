namespace NodeManager.Agent.Facts;

/// <summary>What the agent knows about its host at one moment.</summary>
public sealed record HostFacts(
    string Hostname,
    int CpuCount,
    MemoryInfo Memory,
    DiskUsage RootDisk,
    IReadOnlyList<NetworkInterfaceFacts> Interfaces,
    string? DefaultRouteInterface,
    string SerialNumber)
{
    public long CpuMilliCores => CpuCount * 1000L;

    public NetworkInterfaceFacts? FindInterface(string name) =>
        Interfaces.FirstOrDefault(i => string.Equals(i.Name, name, StringComparison.Ordinal));
}
