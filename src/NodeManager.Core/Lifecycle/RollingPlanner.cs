using NodeManager.Core.Nodes;

namespace NodeManager.Core.Lifecycle;

/// <summary>
/// The rolling rule, pure: a batch that takes nodes out of rotation (MAINTENANCE, UPGRADING) never
/// has more than <see cref="BatchOperation.MaxUnavailable"/> of its selected nodes out of
/// COMMISSIONED (in MAINTENANCE or UPGRADING) at once, counting those that were out before it
/// started. It waits for nodes to come back (whoever brings them back) before it takes more.
/// COMMISSIONED and DECOMMISSIONED targets, and max_unavailable 0, have no limit.
/// </summary>
public static class RollingPlanner
{
    public static RollingStep Next(BatchOperation operation, IReadOnlyDictionary<Guid, Node> current, DateTimeOffset now)
    {
        var nodes = new List<OperationNode>(operation.Nodes.Count);
        foreach (var entry in operation.Nodes)
        {
            nodes.Add(entry.State != OperationNodeState.Pending ? entry
                : !current.TryGetValue(entry.NodeId, out var node) ? entry with { State = OperationNodeState.Failed, Detail = "node no longer exists", Time = now }
                : node.LifecycleState == operation.Target ? entry with { State = OperationNodeState.Skipped, Detail = $"already {LifecycleTable.Name(operation.Target)}", Time = now }
                : entry);
        }

        var budget = Budget(operation, current);
        var toApply = nodes.Where(n => n.State == OperationNodeState.Pending).Take(budget).Select(n => n.NodeId).ToList();
        return new RollingStep(nodes, toApply, nodes.All(n => n.State != OperationNodeState.Pending));
    }

    /// <summary>How many more selected nodes may leave COMMISSIONED now.</summary>
    public static int Budget(BatchOperation operation, IReadOnlyDictionary<Guid, Node> current)
    {
        if (operation.MaxUnavailable <= 0 || !LifecycleTable.IsUnavailable(operation.Target))
        {
            return int.MaxValue;
        }

        var unavailable = operation.Nodes.Count(n => current.TryGetValue(n.NodeId, out var node) && LifecycleTable.IsUnavailable(node.LifecycleState));
        return Math.Max(0, operation.MaxUnavailable - unavailable);
    }

    /// <summary>What a dry run reports for one node: the per-node result the operation would start from.</summary>
    public static OperationNode Preview(Node node, LifecycleState target, int reservations, bool force) =>
        node.LifecycleState == target ? new OperationNode(node.Id, OperationNodeState.Skipped, $"already {LifecycleTable.Name(target)}")
        : !LifecycleTable.IsAllowed(node.LifecycleState, target) ? new OperationNode(node.Id, OperationNodeState.Failed, LifecycleTable.Explain(node.Id, node.LifecycleState, target))
        : target == LifecycleState.Decommissioned && reservations > 0 && !force
            ? new OperationNode(node.Id, OperationNodeState.Failed, $"node {node.Id:D} holds {reservations} reservation(s); release them or force")
        : new OperationNode(node.Id, OperationNodeState.Pending, $"would go from {LifecycleTable.Name(node.LifecycleState)} to {LifecycleTable.Name(target)}");
}
