namespace NodeManager.Core.Lifecycle;

/// <summary>Where one selected node is in a batch operation; numeric values match the wire enum.</summary>
public enum OperationNodeState
{
    Unspecified = 0,

    /// <summary>Not yet transitioned (waiting for room under max_unavailable).</summary>
    Pending = 1,

    /// <summary>Transitioned by this operation.</summary>
    Applied = 2,

    /// <summary>Already in the target state; nothing done.</summary>
    Skipped = 3,

    /// <summary>Could not be transitioned; <see cref="OperationNode.Detail"/> says why.</summary>
    Failed = 4,
}
