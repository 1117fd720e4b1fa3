using NodeManager.Contracts.V1;
using NodeManager.Core.Errors;
using NodeManager.Server.Api;
using NodeManager.Server.Import;
using NodeManager.Server.Nodes;

namespace NodeManager.Server.Rest;

/// <summary>
/// <c>POST /v1/nodes:import</c>: body is an ImportNodesRequest, a JSON array of nodes, or Alcor's
/// <c>{"host_infos":[...]}</c>; query <c>dry_run</c> and <c>mode</c> override the body's options.
/// 200 with the per-row report when applied (or a dry run); 422 with the report when an
/// all-or-nothing import was refused because of bad rows.
/// </summary>
public static class ImportApi
{
    public static async Task<IResult> ImportNodes(HttpContext context, NodeServiceImpl nodes)
    {
        var query = context.Request.Query;
        bool? dryRun = null;
        if (query["dry_run"].ToString() is { Length: > 0 } dry)
        {
            dryRun = bool.TryParse(dry, out var d) ? d : throw NodeManagerException.Invalid("dry_run", $"'{dry}' is not true or false");
        }

        var mode = (ImportMode?)QueryParameters.Enum(query, "mode", ProtoEnums.ImportMode, "ALL_OR_NOTHING, BEST_EFFORT");

        var file = NodeFileDecoder.Decode(await RequestBody.ReadAsync(context, RequestBody.ImportLimit));
        var response = await nodes.ImportRows(file.Rows, dryRun ?? file.DryRun ?? false, mode ?? file.Mode ?? ImportMode.AllOrNothing, context.RequestAborted);
        if (file.Format == NodeFileFormat.AlcorHostInfos)
        {
            AlcorFieldNames.Apply(response);
        }

        var refused = !response.Applied && !response.DryRun && (response.Summary.Invalid + response.Summary.Conflicts) > 0
            && response.Mode == ImportMode.AllOrNothing;
        return ProtoResults.Json(response, refused ? StatusCodes.Status422UnprocessableEntity : StatusCodes.Status200OK);
    }
}
