using NodeManager.Core.Errors;

namespace NodeManager.Server.Api;

/// <summary>
/// Re-labels the fields of a domain error with a foreign API's names (Alcor's <c>local_ip</c>,
/// n0stack's <c>address</c>), so a compatibility client is told about the field it sent.
/// </summary>
public static class FieldRenaming
{
    public static NodeManagerException Rename(NodeManagerException ex, Func<string, string> rename)
    {
        if (ex.Violations.Count == 0)
        {
            return ex;
        }

        var violations = ex.Violations
            .Select(v => new FieldViolation(rename(v.Field), RenamePrefix(v.Description, v.Field, rename(v.Field))))
            .ToList();
        var message = ex.Code == ErrorCode.InvalidArgument
            ? string.Join("; ", violations.Select(v => $"{v.Field}: {v.Description}"))
            : RenamePrefix(ex.Message, ex.Violations[0].Field, violations[0].Field);
        return new NodeManagerException(ex.Code, message, violations, ex.ConflictingNodeId, ex.CurrentVersion, ex.ResumeAfterRevision);
    }

    /// <summary>Conflict messages start with the field name ("ip '10.0.0.1' is already used by ...").</summary>
    private static string RenamePrefix(string text, string from, string to) =>
        text.StartsWith(from + " ", StringComparison.Ordinal) ? to + text[from.Length..] : text;
}
