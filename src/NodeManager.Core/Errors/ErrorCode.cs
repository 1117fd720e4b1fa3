namespace NodeManager.Core.Errors;

/// <summary>Domain error codes; each maps to one gRPC status and one HTTP status (DESIGN §4).</summary>
public enum ErrorCode
{
    InvalidArgument,
    NotFound,
    AlreadyExists,
    Aborted,
    FailedPrecondition,
    Unavailable,
    PayloadTooLarge,
    OutOfRange,
    ResourceExhausted,
    PermissionDenied,
}
