using NodeManager.Core.Nodes;

namespace NodeManager.Core.Lifecycle;

/// <summary>
/// A requested transition as a store applies it: node, target, why and who, the expected node
/// version (0 = any), and whether decommissioning may release the node's reservations.
/// </summary>
public sealed record LifecycleChange(
    Guid NodeId,
    LifecycleState Target,
    string Reason,
    string Actor,
    long ExpectedVersion,
    DateTimeOffset Now)
{
    public bool Force { get; init; }

    public string OperationId { get; init; } = "";
}
