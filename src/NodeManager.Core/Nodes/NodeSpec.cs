namespace NodeManager.Core.Nodes;

/// <summary>
/// What an operator says about a node. Immutable; an update replaces it whole. Values are
/// canonical once they passed <see cref="NodeSpecValidator"/> (lowercase name and MAC,
/// normalized IP text, empty string for "not set").
/// </summary>
public sealed record NodeSpec
{
    public string Name { get; init; } = "";
    public string Ip { get; init; } = "";
    public string Mac { get; init; } = "";
    public string Veth { get; init; } = "";
    public string DataPathIp { get; init; } = "";
    public string ManagementAddress { get; init; } = "";
    public int AgentPort { get; init; }
    public string HostDvrMac { get; init; } = "";
    public string SerialNumber { get; init; } = "";
    public NodeLocation Location { get; init; } = NodeLocation.Empty;
    public IReadOnlyDictionary<string, string> Labels { get; init; } = EmptyLabels;
    public NodeCapacity Capacity { get; init; } = NodeCapacity.Empty;
    public IReadOnlyList<NodeDevice> Devices { get; init; } = [];

    internal static readonly IReadOnlyDictionary<string, string> EmptyLabels =
        new SortedDictionary<string, string>(StringComparer.Ordinal);

    public bool Equals(NodeSpec? other) =>
        other is not null
        && Name == other.Name && Ip == other.Ip && Mac == other.Mac && Veth == other.Veth
        && DataPathIp == other.DataPathIp && ManagementAddress == other.ManagementAddress
        && AgentPort == other.AgentPort && HostDvrMac == other.HostDvrMac
        && SerialNumber == other.SerialNumber && Location == other.Location
        && Capacity == other.Capacity
        && MapEquality.Equal(Labels, other.Labels)
        && Devices.Count == other.Devices.Count
        && Devices.Zip(other.Devices).All(pair => pair.First.Equals(pair.Second));

    public override int GetHashCode() => HashCode.Combine(Name, Ip, Mac);
}
