namespace NodeManager.Core.Lifecycle;

/// <summary>One tick of a rolling operation: the per-node states after this look, and which nodes to transition now.</summary>
public sealed record RollingStep(IReadOnlyList<OperationNode> Nodes, IReadOnlyList<Guid> ToApply, bool Finished);
