using NodeManager.Core.Errors;
using NodeManager.Core.Nodes;
using NodeManager.Core.Storage;

namespace NodeManager.Core.Import;

/// <summary>
/// Validates every row and diffs it against the registry. A row names its node by id, or
/// (without an id) by name, so re-importing a file without ids is idempotent. A row's name, ip
/// and mac must not be held by any other current node nor by an earlier row of the same file;
/// values are checked against the registry as it is now, so two nodes cannot swap an address in
/// one import (do it in two).
/// </summary>
public static class ImportPlanner
{
    public static ImportPlan Plan(IReadOnlyList<ImportRow> rows, IReadOnlyList<Node> existing, DateTimeOffset now)
    {
        var byId = existing.ToDictionary(n => n.Id);
        var holders = new Dictionary<(string Field, string Value), Guid>();
        foreach (var node in existing)
        {
            Claim(holders, node.Id, node.Spec, overwrite: true);
        }

        var claimedByRows = new Dictionary<(string Field, string Value), Guid>();
        var rowIds = new HashSet<Guid>();
        var plans = new List<ImportRowPlan>(rows.Count);
        var creates = new List<Node>();
        var updates = new List<NodeUpdate>();

        foreach (var row in rows)
        {
            var violations = new List<FieldViolation>(row.DecodeViolations);
            Guid? givenId = null;
            if (row.IdText.Length > 0)
            {
                if (NodeId.TryParse(row.IdText, out var parsed))
                {
                    givenId = parsed;
                }
                else
                {
                    violations.Add(new("id", NodeId.Rule));
                }
            }

            var spec = row.RawSpec is null ? null : NodeSpecValidator.Validate(row.RawSpec, violations);
            if (spec is null || violations.Count > 0)
            {
                plans.Add(new ImportRowPlan(row.Row, givenId, row.RawSpec?.Name ?? "", ImportAction.Invalid) { Violations = violations });
                continue;
            }

            var target = givenId is { } id ? byId.GetValueOrDefault(id)
                : holders.TryGetValue(("name", spec.Name), out var holder) ? byId[holder] : null;
            var nodeId = target?.Id ?? givenId ?? Guid.CreateVersion7(now);

            var conflict = FindClash(nodeId, spec, holders, claimedByRows, rowIds);
            if (conflict is not null)
            {
                plans.Add(new ImportRowPlan(row.Row, nodeId, spec.Name, ImportAction.Conflict)
                {
                    Violations = [new(conflict.Value.Field, $"'{conflict.Value.Value}' is already used by node {conflict.Value.Holder:D}")],
                    ConflictingNodeId = conflict.Value.Holder,
                });
                continue;
            }

            rowIds.Add(nodeId);
            Claim(claimedByRows, nodeId, spec, overwrite: false);
            if (target is null)
            {
                creates.Add(new Node(nodeId, spec, LifecycleState.Registered, 1, now, now));
                plans.Add(new ImportRowPlan(row.Row, nodeId, spec.Name, ImportAction.Create));
            }
            else if (target.Spec.Equals(spec))
            {
                plans.Add(new ImportRowPlan(row.Row, nodeId, spec.Name, ImportAction.Unchanged));
            }
            else
            {
                updates.Add(new NodeUpdate(target with { Spec = spec, Version = target.Version + 1, UpdateTime = now }, target.Version, target.Spec));
                plans.Add(new ImportRowPlan(row.Row, nodeId, spec.Name, ImportAction.Update));
            }
        }

        return new ImportPlan(plans, creates, updates);
    }

    private static (string Field, string Value, Guid Holder)? FindClash(
        Guid nodeId,
        NodeSpec spec,
        Dictionary<(string, string), Guid> holders,
        Dictionary<(string, string), Guid> claimedByRows,
        HashSet<Guid> rowIds)
    {
        if (rowIds.Contains(nodeId))
        {
            return ("id", nodeId.ToString("D"), nodeId);
        }

        foreach (var key in Keys(spec))
        {
            if (holders.TryGetValue(key, out var holder) && holder != nodeId)
            {
                return (key.Field, key.Value, holder);
            }

            if (claimedByRows.TryGetValue(key, out var rowHolder) && rowHolder != nodeId)
            {
                return (key.Field, key.Value, rowHolder);
            }
        }

        return null;
    }

    private static void Claim(Dictionary<(string, string), Guid> claims, Guid id, NodeSpec spec, bool overwrite)
    {
        foreach (var key in Keys(spec))
        {
            if (overwrite || !claims.ContainsKey(key))
            {
                claims[key] = id;
            }
        }
    }

    private static IEnumerable<(string Field, string Value)> Keys(NodeSpec spec)
    {
        yield return ("name", spec.Name);
        yield return ("ip", spec.Ip);
        if (spec.Mac.Length > 0)
        {
            yield return ("mac", spec.Mac);
        }
    }
}
