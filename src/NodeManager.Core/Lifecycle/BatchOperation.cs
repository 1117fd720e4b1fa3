using System.Text.Json.Serialization;
using NodeManager.Core.Nodes;

namespace NodeManager.Core.Lifecycle;

/// <summary>
/// A batch lifecycle operation, persisted so any instance can report it. <see cref="Owner"/> runs
/// it while its lease (<see cref="LeaseUntil"/>) is fresh; once the lease lapses any instance may
/// claim it and resume. Every save is a compare-and-swap on <see cref="Version"/>.
/// </summary>
public sealed record BatchOperation(
    string Id,
    LifecycleState Target,
    OperationState State,
    int MaxUnavailable,
    string Reason,
    string Actor,
    bool Force,
    IReadOnlyList<OperationNode> Nodes,
    string Owner,
    DateTimeOffset LeaseUntil,
    long Version,
    DateTimeOffset CreateTime,
    DateTimeOffset UpdateTime)
{
    /// <summary>Why it failed or was cancelled; empty otherwise.</summary>
    public string Message { get; init; } = "";

    [JsonIgnore]
    public bool IsFinished => State is OperationState.Succeeded or OperationState.Failed or OperationState.Cancelled;

    public int Count(OperationNodeState state) => Nodes.Count(n => n.State == state);
}
