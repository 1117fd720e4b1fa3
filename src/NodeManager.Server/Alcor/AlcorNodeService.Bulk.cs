using System.Text.Json.Nodes;
using NodeManager.Contracts.V1;
using NodeManager.Core.Errors;
using FieldViolation = NodeManager.Core.Errors.FieldViolation;
using NodeManager.Server.Import;

namespace NodeManager.Server.Alcor;

public sealed partial class AlcorNodeService
{
    /// <summary>
    /// Registers every <c>host_infos</c> row or none (one transaction). A row that would change an
    /// existing node, or repeats an id, name, ip or mac, is a conflict; identical rows are accepted.
    /// Returns the registered nodes in request order.
    /// </summary>
    public async Task<JsonArray> Bulk(string body, CancellationToken cancellationToken)
    {
        var file = NodeFileDecoder.Decode(body);
        if (file.Format != NodeFileFormat.AlcorHostInfos)
        {
            throw NodeManagerException.Invalid("host_infos", "is required: send {\"host_infos\": [{\"node_id\": ..., \"node_name\": ..., \"local_ip\": ...}, ...]}");
        }

        var report = await Register(file, cancellationToken);
        var ids = report.Rows.Select(r => r.Id).ToList();
        var found = (await nodes.BatchGetNodes(new BatchGetNodesRequest { Ids = { ids.Distinct() } }, cancellationToken)).Nodes.ToDictionary(n => n.Id);
        return new JsonArray(ids.Where(found.ContainsKey).Select(id => (JsonNode)AlcorHostInfoJson.ToJson(found[id])).ToArray());
    }

    /// <summary>An uploaded node file (Alcor's host_infos, or any format <c>/v1/nodes:import</c> takes), registered like <see cref="Bulk"/>.</summary>
    public async Task<JsonObject> Upload(string content, CancellationToken cancellationToken)
    {
        var report = await Register(NodeFileDecoder.Decode(content), cancellationToken);
        return new JsonObject
        {
            ["total_nodes"] = report.Summary.Total,
            ["created"] = report.Summary.Created,
            ["unchanged"] = report.Summary.Unchanged,
        };
    }

    private async Task<ImportNodesResponse> Register(NodeFile file, CancellationToken cancellationToken)
    {
        if (file.Rows.Count == 0)
        {
            throw NodeManagerException.Invalid("host_infos", "is empty");
        }

        var report = await nodes.ImportRows(file.Rows, dryRun: false, ImportMode.AllOrNothing, cancellationToken, createOnly: true);
        AlcorFieldNames.Apply(report);
        var failed = report.Rows.Where(r => r.Action is ImportAction.Invalid or ImportAction.Conflict).ToList();
        if (failed.Count == 0)
        {
            return report;
        }

        var violations = failed
            .SelectMany(r => r.Violations.Count > 0
                ? r.Violations.Select(v => new FieldViolation($"host_infos[{r.Row - 1}].{v.Field}", v.Description))
                : [new FieldViolation($"host_infos[{r.Row - 1}]", r.Action.ToString())])
            .ToList();
        var code = failed.Any(r => r.Action == ImportAction.Invalid) ? ErrorCode.InvalidArgument : ErrorCode.AlreadyExists;
        var message = $"{failed.Count} of {report.Rows.Count} nodes refused, nothing was registered: "
            + string.Join("; ", violations.Take(10).Select(v => $"{v.Field}: {v.Description}"));
        throw new NodeManagerException(code, message, violations, failed.FirstOrDefault(r => r.ConflictingNodeId.Length > 0)?.ConflictingNodeId);
    }
}
