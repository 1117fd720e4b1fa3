using NodeManager.Contracts.V1;
using NodeManager.Core.Errors;
using NodeManager.Core.Import;
using NodeManager.Core.Storage;
using NodeManager.Server.Api;
using CoreImportAction = NodeManager.Core.Import.ImportAction;

namespace NodeManager.Server.Nodes;

public sealed partial class NodeServiceImpl
{
    public Task<ImportNodesResponse> ImportNodes(ImportNodesRequest request, CancellationToken cancellationToken)
    {
        var rows = request.Nodes.Select((node, i) => new ImportRow(i + 1, node.Id, NodeMapper.ToRawSpec(node), [])).ToList();
        return ImportRows(rows, request.DryRun, request.Mode, cancellationToken);
    }

    /// <summary>
    /// Validate every row, diff against the registry, and (unless a dry run) apply in one transaction.
    /// <paramref name="createOnly"/>: a row that would change an existing node is a conflict (see <see cref="CreateOnlyPlan"/>).
    /// </summary>
    public async Task<ImportNodesResponse> ImportRows(IReadOnlyList<ImportRow> rows, bool dryRun, ImportMode mode, CancellationToken cancellationToken, bool createOnly = false)
    {
        if (mode == ImportMode.Unspecified)
        {
            mode = ImportMode.AllOrNothing;
        }

        var existing = await store.LoadAllAsync(cancellationToken);
        var plan = ImportPlanner.Plan(rows, existing, Now());
        if (createOnly)
        {
            plan = CreateOnlyPlan.From(plan);
        }

        var response = Report(plan, dryRun, mode);
        var blocked = mode == ImportMode.AllOrNothing && plan.HasFailures;
        if (dryRun || blocked || (plan.Creates.Count == 0 && plan.Updates.Count == 0))
        {
            return response;
        }

        var result = await store.ApplyBatchAsync(plan.Creates, plan.Updates, caller.Actor, cancellationToken);
        if (result.Outcome != WriteOutcome.Ok)
        {
            throw new NodeManagerException(ErrorCode.Aborted,
                "the registry changed while the import was being applied (another writer); nothing was written, run the import again");
        }

        // The updated nodes' grains did not write them: they read them again. (Created nodes had no grain holding them.)
        await grains.RefreshAsync(plan.Updates.Select(u => u.Node.Id).ToList(), cancellationToken);
        foreach (var node in plan.Creates.Concat(plan.Updates.Select(u => u.Node)))
        {
            health.OnNodeWritten(node);
        }

        foreach (var node in plan.Creates)
        {
            health.OnNodeWritten(await lifecycle.AutoCommissionAsync(node, cancellationToken));
        }

        response.Applied = true;
        return response;
    }

    private static ImportNodesResponse Report(ImportPlan plan, bool dryRun, ImportMode mode)
    {
        var response = new ImportNodesResponse
        {
            DryRun = dryRun,
            Mode = mode,
            Summary = new ImportSummary
            {
                Total = plan.Rows.Count,
                Created = plan.Count(CoreImportAction.Create),
                Updated = plan.Count(CoreImportAction.Update),
                Unchanged = plan.Count(CoreImportAction.Unchanged),
                Conflicts = plan.Count(CoreImportAction.Conflict),
                Invalid = plan.Count(CoreImportAction.Invalid),
            },
        };
        foreach (var row in plan.Rows)
        {
            var result = new ImportRowResult
            {
                Row = row.Row,
                Id = row.Id?.ToString("D") ?? "",
                Name = row.Name,
                Action = (Contracts.V1.ImportAction)(int)row.Action,
                ConflictingNodeId = row.ConflictingNodeId?.ToString("D") ?? "",
            };
            result.Violations.AddRange(row.Violations.Select(v => new Contracts.V1.FieldViolation { Field = v.Field, Description = v.Description }));
            response.Rows.Add(result);
        }

        return response;
    }
}
