namespace NodeManager.Cli.Hosting;

/// <summary>What nmctl's exit code tells a script (documented in README.md; tests pin each).</summary>
public static class ExitCodes
{
    /// <summary>Done.</summary>
    public const int Ok = 0;

    /// <summary>Bad command line: unknown command or flag, missing or bad value, unreadable file or config.</summary>
    public const int Usage = 1;

    /// <summary>The node, reservation or operation does not exist.</summary>
    public const int NotFound = 2;

    /// <summary>The server could not be reached, is unavailable, or did not answer in time.</summary>
    public const int Unavailable = 3;

    /// <summary>
    /// Refused as in conflict with the registry: duplicate, stale version, illegal lifecycle transition, no room;
    /// an import with conflicting or invalid rows; a batch operation that ended FAILED.
    /// </summary>
    public const int Conflict = 4;

    /// <summary>The server rejected the request's content (INVALID_ARGUMENT, OUT_OF_RANGE), naming the field.</summary>
    public const int Invalid = 5;

    /// <summary>Any other server error (INTERNAL, UNKNOWN, UNIMPLEMENTED, ...).</summary>
    public const int ServerError = 6;

    /// <summary>Not authenticated or not allowed (UNAUTHENTICATED, PERMISSION_DENIED).</summary>
    public const int Denied = 7;
}
