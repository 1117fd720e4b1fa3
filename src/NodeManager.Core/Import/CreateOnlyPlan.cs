namespace NodeManager.Core.Import;

/// <summary>
/// Turns a plan into a create-only one (Alcor's bulk registration): a row that would change an
/// existing node becomes a conflict instead of overwriting it; unchanged rows stay unchanged,
/// so sending the same registration twice is harmless.
/// </summary>
public static class CreateOnlyPlan
{
    public static ImportPlan From(ImportPlan plan)
    {
        if (plan.Updates.Count == 0)
        {
            return plan;
        }

        var rows = plan.Rows.Select(row => row.Action != ImportAction.Update ? row : row with
        {
            Action = ImportAction.Conflict,
            ConflictingNodeId = row.Id,
            Violations = [new("id", $"node {row.Id:D} already exists with other values; registration does not overwrite (update it instead)")],
        }).ToList();
        return new ImportPlan(rows, plan.Creates, []);
    }
}
