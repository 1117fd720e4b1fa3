namespace NodeManager.Core.Storage;

public enum WriteOutcome
{
    Ok,
    NotFound,
    VersionMismatch,
    Conflict,
}
