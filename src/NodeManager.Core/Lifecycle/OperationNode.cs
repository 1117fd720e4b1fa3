namespace NodeManager.Core.Lifecycle;

/// <summary>The per-node result of a batch operation.</summary>
public sealed record OperationNode(Guid NodeId, OperationNodeState State, string Detail = "", DateTimeOffset? Time = null);
