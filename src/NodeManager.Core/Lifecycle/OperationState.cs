namespace NodeManager.Core.Lifecycle;

/// <summary>State of a batch operation; numeric values match the wire enum.</summary>
public enum OperationState
{
    Unspecified = 0,
    Running = 1,
    Succeeded = 2,
    Failed = 3,
    Cancelled = 4,
}
