namespace NodeManager.Core.Nodes;

/// <summary>
/// A node as the registry stores it: the operator-supplied <see cref="Spec"/> (replaced whole
/// on update) plus the fields the server owns.
/// </summary>
public sealed record Node(
    Guid Id,
    NodeSpec Spec,
    LifecycleState LifecycleState,
    long Version,
    DateTimeOffset CreateTime,
    DateTimeOffset UpdateTime)
{
    /// <summary>Canonical text form of a node id: lowercase with hyphens.</summary>
    public string IdText => Id.ToString("D");
}
