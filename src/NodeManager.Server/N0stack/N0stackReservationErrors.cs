using NodeManager.Core.Errors;

namespace NodeManager.Server.N0stack;

/// <summary>
/// Reservation errors in n0stack's words: fields get n0stack's names (<c>request_cpu_milli_core</c>,
/// <c>request_bytes</c>, <c>compute_name</c>/<c>storage_name</c> for the reservation's name, <c>name</c>
/// for the node), also inside messages, and the node is named by its name rather than its id.
/// </summary>
public static class N0stackReservationErrors
{
    private static readonly (string From, string To)[] Words =
    [
        ("request_cpu_milli_cores", "request_cpu_milli_core"),
        ("limit_cpu_milli_cores", "limit_cpu_milli_core"),
        ("request_storage_bytes", "request_bytes"),
        ("limit_storage_bytes", "limit_bytes"),
        ("no COMMISSIONED node matches the label selector", "no node is COMMISSIONED"),
    ];

    /// <param name="nameField"><c>compute_name</c> or <c>storage_name</c>.</param>
    /// <param name="nodeId">The node's id and name when known, to name it as n0stack clients do.</param>
    public static NodeManagerException Rename(NodeManagerException ex, string nameField, string? nodeId = null, string? nodeName = null)
    {
        string Text(string text)
        {
            if (nodeId is not null)
            {
                text = text.Replace($"node {nodeId}", $"node '{nodeName}'", StringComparison.OrdinalIgnoreCase);
            }

            foreach (var (from, to) in Words)
            {
                text = text.Replace(from, to, StringComparison.Ordinal);
            }

            return text;
        }

        var violations = ex.Violations.Select(v => new FieldViolation(N0stackFieldNames.RenameReservation(v.Field, nameField), Text(v.Description))).ToList();
        var message = ex.Code == ErrorCode.InvalidArgument && violations.Count > 0
            ? string.Join("; ", violations.Select(v => $"{v.Field}: {v.Description}"))
            : Text(ex.Message);
        return new NodeManagerException(ex.Code, message, violations, ex.ConflictingNodeId, ex.CurrentVersion, ex.ResumeAfterRevision);
    }
}
