namespace NodeManager.Core.Errors;

/// <summary>
/// A domain error an API reports to its caller: REST turns it into problem details, gRPC into
/// a status. Thrown by the application layer only; stores report outcomes as values.
/// </summary>
public sealed class NodeManagerException(
    ErrorCode code,
    string message,
    IReadOnlyList<FieldViolation>? violations = null,
    string? conflictingNodeId = null,
    long? currentVersion = null,
    long? resumeAfterRevision = null) : Exception(message)
{
    public ErrorCode Code { get; } = code;
    public IReadOnlyList<FieldViolation> Violations { get; } = violations ?? [];
    public string? ConflictingNodeId { get; } = conflictingNodeId;
    public long? CurrentVersion { get; } = currentVersion;

    /// <summary>For a watch cut off as too slow: the revision to resume after.</summary>
    public long? ResumeAfterRevision { get; } = resumeAfterRevision;

    public static NodeManagerException Invalid(string field, string description) =>
        new(ErrorCode.InvalidArgument, $"{field}: {description}", [new FieldViolation(field, description)]);

    public static NodeManagerException Invalid(IReadOnlyList<FieldViolation> violations) =>
        new(ErrorCode.InvalidArgument, string.Join("; ", violations.Select(v => $"{v.Field}: {v.Description}")), violations);

    public static NodeManagerException NotFound(string id) => new(ErrorCode.NotFound, $"node {id} not found");
}
