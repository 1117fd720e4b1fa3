using NodeManager.Contracts.V1;
using NodeManager.Core.Errors;
using NodeManager.Server.Api;
using NodeManager.Server.Health;
using NodeManager.Server.Security;

namespace NodeManager.Server.Rest;

/// <summary>REST for node health: <c>/v1/nodes/{id}/health</c>, <c>/v1/nodes/{id}/heartbeat</c>, <c>/v1/health</c>.</summary>
public static class HealthApi
{
    public static RouteGroupBuilder MapHealthApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/v1").AddEndpointFilter<ProblemDetailsFilter>();
        group.MapGet("/nodes/{id}/health", GetNodeHealth).WithName("GetNodeHealth").RequireAuthorization(Policies.NodeRead);
        group.MapPost("/nodes/{id}/heartbeat", ReportHeartbeat).WithName("ReportHeartbeat").RequireAuthorization(Policies.NodeWrite);
        group.MapGet("/health", ListNodeHealth).WithName("ListNodeHealth").RequireAuthorization(Policies.Viewer);
        return group;
    }

    public static async Task<IResult> GetNodeHealth(HttpContext context, string id, NodeHealthService health, AgentConfinement confinement)
    {
        confinement.Check(context.User, id, "id");
        return ProtoResults.Json(await health.GetNodeHealth(new GetNodeHealthRequest { NodeId = id }, context.RequestAborted));
    }

    public static async Task<IResult> ReportHeartbeat(HttpContext context, string id, NodeHealthService health, AgentConfinement confinement)
    {
        confinement.Check(context.User, id, "id");
        var body = context.Request.ContentLength == 0 ? "{}" : await RequestBody.ReadAsync(context, RequestBody.NodeLimit);
        var heartbeat = ProtoJson.Parse<Heartbeat>(body);
        if (heartbeat.NodeId.Length > 0 && !string.Equals(heartbeat.NodeId, id, StringComparison.OrdinalIgnoreCase))
        {
            throw NodeManagerException.Invalid("node_id", $"the body names node {heartbeat.NodeId} but the path names {id}");
        }

        heartbeat.NodeId = id;
        return ProtoResults.Json(await health.ReportHeartbeat(heartbeat, context.RequestAborted));
    }

    public static async Task<IResult> ListNodeHealth(HttpContext context, NodeHealthService health)
    {
        var query = context.Request.Query;
        var request = new ListNodeHealthRequest { PageToken = query["page_token"].ToString() };
        request.PageSize = QueryParameters.PositiveInt(query, "page_size");
        if (QueryParameters.Enum(query, "status", ProtoEnums.HealthStatus, "UNKNOWN, READY, NOT_READY, DOWN") is { } status)
        {
            request.Status = (HealthStatus)status;
        }

        return ProtoResults.Json(await health.ListNodeHealth(request, context.RequestAborted));
    }
}
