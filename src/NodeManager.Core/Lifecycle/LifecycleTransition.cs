using NodeManager.Core.Nodes;

namespace NodeManager.Core.Lifecycle;

/// <summary>
/// One recorded lifecycle transition: who moved the node from where to where, why and when; the
/// batch operation that did it, when one did.
/// </summary>
public sealed record LifecycleTransition(
    Guid NodeId,
    LifecycleState From,
    LifecycleState To,
    string Reason,
    string Actor,
    DateTimeOffset Time,
    string OperationId = "");
