using NodeManager.Core.Nodes;

namespace NodeManager.Core.Storage;

/// <summary>The outcome of a state change: the node as written, or why nothing was written.</summary>
public sealed record WriteResult(WriteOutcome Outcome)
{
    public Node? Node { get; init; }

    /// <summary>For <see cref="WriteOutcome.Conflict"/>: which unique field and which node holds it.</summary>
    public NodeConflict? Conflict { get; init; }

    /// <summary>For <see cref="WriteOutcome.VersionMismatch"/>: the version found.</summary>
    public long CurrentVersion { get; init; }

    public static WriteResult Ok(Node? node) => new(WriteOutcome.Ok) { Node = node };

    public static readonly WriteResult NotFound = new(WriteOutcome.NotFound);

    public static WriteResult Mismatch(long current) => new(WriteOutcome.VersionMismatch) { CurrentVersion = current };

    public static WriteResult Conflicting(NodeConflict conflict) => new(WriteOutcome.Conflict) { Conflict = conflict };
}
