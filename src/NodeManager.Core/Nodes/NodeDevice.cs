namespace NodeManager.Core.Nodes;

/// <summary>A typed device attached to a node (FPGA, GPU, SmartNIC, ...).</summary>
public sealed record NodeDevice(DeviceKind Kind, string Model, int Count, IReadOnlyDictionary<string, string> Attributes)
{
    public bool Equals(NodeDevice? other) =>
        other is not null && Kind == other.Kind && Model == other.Model && Count == other.Count
        && MapEquality.Equal(Attributes, other.Attributes);

    public override int GetHashCode() => HashCode.Combine(Kind, Model, Count);
}
