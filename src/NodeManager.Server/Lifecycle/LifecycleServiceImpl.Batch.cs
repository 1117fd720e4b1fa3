using NodeManager.Abstractions.Lifecycle;
using NodeManager.Contracts.V1;
using NodeManager.Core.Errors;
using NodeManager.Core.Labels;
using NodeManager.Core.Lifecycle;
using OperationNodeState = NodeManager.Core.Lifecycle.OperationNodeState;
using OperationState = NodeManager.Core.Lifecycle.OperationState;
using NodeManager.Core.Storage;
using NodeManager.Server.Api;
using FieldViolation = NodeManager.Core.Errors.FieldViolation;
using CoreNode = NodeManager.Core.Nodes.Node;
using CoreState = NodeManager.Core.Nodes.LifecycleState;

namespace NodeManager.Server.Lifecycle;

public sealed partial class LifecycleServiceImpl
{
    public const int MaxBatchNodes = 10_000;

    /// <summary>
    /// Resolves the selection once (ids, or the label selector over the registry now), then either
    /// reports a dry run or stores the operation and hands it to its RollingOperationGrain.
    /// </summary>
    public async Task<Operation> BatchTransition(BatchTransitionRequest request, CancellationToken cancellationToken)
    {
        var violations = new List<FieldViolation>();
        var target = Target(request.TargetState, "target_state", violations, batch: true);
        var reason = Reason(request.Reason, violations);
        var actor = caller.Actor; // request.actor is deprecated and ignored, as in Transition
        if (request.MaxUnavailable < 0)
        {
            violations.Add(new("max_unavailable", "must not be negative (0 = no limit)"));
        }

        if ((request.NodeIds.Count > 0) == (request.LabelSelector.Trim().Length > 0))
        {
            violations.Add(new("node_ids", "give either node_ids or label_selector, not both and not neither"));
        }

        var ids = request.NodeIds.Select((text, i) => ParseId(text, $"node_ids[{i}]", violations)).ToList();
        if (!LabelSelector.TryParse(request.LabelSelector, out var selector, out var selectorError))
        {
            violations.Add(new("label_selector", selectorError!));
        }

        if (violations.Count > 0)
        {
            throw NodeManagerException.Invalid(violations);
        }

        var selected = await SelectAsync(ids, selector, cancellationToken);
        var now = ServerClock.Now(time);
        var planned = new List<OperationNode>(selected.Count);
        foreach (var node in selected)
        {
            var held = target == CoreState.Decommissioned ? (await reservations.ListReservationsAsync(node.Id, cancellationToken)).Count : 0;
            planned.Add(request.DryRun ? RollingPlanner.Preview(node, target, held, request.Force) : new OperationNode(node.Id, OperationNodeState.Pending));
        }

        var operation = new BatchOperation(request.DryRun ? "" : Guid.CreateVersion7(now).ToString("D"), target, OperationState.Running,
            request.MaxUnavailable, reason, actor, request.Force, planned, silo.SiloAddress.ToString(), now + options.OperationResumeInterval, 1, now, now);
        if (request.DryRun)
        {
            return LifecycleMapper.ToProto(operation with { State = OperationState.Succeeded }, dryRun: true);
        }

        await operations.CreateOperationAsync(operation, cancellationToken);
        await grainFactory.GetGrain<IRollingOperationGrain>(operation.Id).RunAsync();
        return LifecycleMapper.ToProto(operation);
    }

    private async Task<IReadOnlyList<CoreNode>> SelectAsync(List<Guid> ids, LabelSelector selector, CancellationToken cancellationToken)
    {
        if (ids.Count > 0)
        {
            var distinct = ids.Distinct().ToList();
            if (distinct.Count > MaxBatchNodes)
            {
                throw NodeManagerException.Invalid("node_ids", $"at most {MaxBatchNodes} nodes per operation");
            }

            var found = (await nodes.GetManyAsync(distinct, cancellationToken)).ToDictionary(n => n.Id);
            var missing = ids.Select((id, i) => (id, i)).Where(x => !found.ContainsKey(x.id)).ToList();
            if (missing.Count > 0)
            {
                throw new NodeManagerException(ErrorCode.NotFound, $"{missing.Count} node(s) not found: " + string.Join(", ", missing.Take(10).Select(x => x.id.ToString("D"))),
                    missing.Select(x => new FieldViolation($"node_ids[{x.i}]", $"node {x.id:D} not found")).ToList());
            }

            return distinct.Select(id => found[id]).ToList();
        }

        var selected = new List<CoreNode>();
        var query = new NodeQuery(null, 1000);
        while (true)
        {
            var page = await nodes.ListAsync(query, cancellationToken);
            selected.AddRange(page.Where(n => selector.Matches(n.Spec.Labels)));
            if (selected.Count > MaxBatchNodes)
            {
                throw NodeManagerException.Invalid("label_selector", $"selects more than {MaxBatchNodes} nodes; narrow it");
            }

            if (page.Count < query.Limit)
            {
                return selected;
            }

            query = query with { After = page[^1].Id };
        }
    }
}
