using NodeManager.Contracts.V1;
using NodeManager.Core.Errors;
using NodeManager.Server.Api;
using NodeManager.Server.Nodes;
using NodeManager.Server.Security;

namespace NodeManager.Server.Rest;

/// <summary>REST for <c>/v1/nodes</c>: the protobuf JSON mapping of NodeService.</summary>
public static class NodesApi
{
    public static RouteGroupBuilder MapNodesApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/v1").AddEndpointFilter<ProblemDetailsFilter>();
        group.MapPost("/nodes", CreateNode).WithName("CreateNode").RequireAuthorization(Policies.NodeWrite);
        group.MapGet("/nodes", ListNodes).WithName("ListNodes").RequireAuthorization(Policies.Viewer);
        group.MapGet("/nodes/{id}", GetNode).WithName("GetNode").RequireAuthorization(Policies.NodeRead);
        group.MapPut("/nodes/{id}", UpdateNode).WithName("UpdateNode").RequireAuthorization(Policies.NodeWrite);
        group.MapDelete("/nodes/{id}", DeleteNode).WithName("DeleteNode").RequireAuthorization(Policies.Admin);
        group.MapPost("/nodes:batchGet", BatchGetNodes).WithName("BatchGetNodes").RequireAuthorization(Policies.Viewer);
        group.MapPost("/nodes:import", ImportApi.ImportNodes).WithName("ImportNodes").RequireAuthorization(Policies.Admin);
        return group;
    }

    public static async Task<IResult> CreateNode(HttpContext context, NodeServiceImpl nodes, AgentConfinement confinement)
    {
        var node = ProtoJson.Parse<Node>(await RequestBody.ReadAsync(context, RequestBody.NodeLimit));
        confinement.Check(context.User, node.Id, "id");
        var created = await nodes.CreateNode(new CreateNodeRequest { Node = node }, context.RequestAborted);
        context.Response.Headers.ETag = ProtoResults.ETag(created.Version);
        context.Response.Headers.Location = $"/v1/nodes/{created.Id}";
        return ProtoResults.Json(created, StatusCodes.Status201Created);
    }

    public static async Task<IResult> GetNode(HttpContext context, string id, NodeServiceImpl nodes, AgentConfinement confinement)
    {
        confinement.Check(context.User, id, "id");
        var node = await nodes.GetNode(new GetNodeRequest { Id = id }, context.RequestAborted);
        context.Response.Headers.ETag = ProtoResults.ETag(node.Version);
        return ProtoResults.Json(node);
    }

    public static async Task<IResult> ListNodes(HttpContext context, NodeServiceImpl nodes)
    {
        var query = context.Request.Query;
        var request = new ListNodesRequest
        {
            PageToken = query["page_token"].ToString(),
            LabelSelector = query["label_selector"].ToString(),
            Name = query["name"].ToString(),
            Ip = query["ip"].ToString(),
            Mac = query["mac"].ToString(),
            Zone = query["zone"].ToString(),
            Rack = query["rack"].ToString(),
            Search = query["search"].ToString(),
        };
        request.PageSize = QueryParameters.PositiveInt(query, "page_size");
        if (QueryParameters.Enum(query, "lifecycle_state", ProtoEnums.LifecycleState, "REGISTERED, COMMISSIONED, MAINTENANCE, UPGRADING, DECOMMISSIONED") is { } state)
        {
            request.LifecycleState = (Contracts.V1.LifecycleState)state;
        }

        if (QueryParameters.Enum(query, "health_status", ProtoEnums.HealthStatus, "UNKNOWN, READY, NOT_READY, DOWN") is { } health)
        {
            request.HealthStatus = (HealthStatus)health;
        }

        return ProtoResults.Json(await nodes.ListNodes(request, context.RequestAborted));
    }

    public static async Task<IResult> UpdateNode(HttpContext context, string id, NodeServiceImpl nodes, AgentConfinement confinement)
    {
        confinement.Check(context.User, id, "id");
        var ifMatch = ProtoResults.IfMatchVersion(context.Request);
        var node = ProtoJson.Parse<Node>(await RequestBody.ReadAsync(context, RequestBody.NodeLimit));
        if (node.Id.Length > 0 && !string.Equals(node.Id, id, StringComparison.OrdinalIgnoreCase))
        {
            throw NodeManagerException.Invalid("id", $"the body names node {node.Id} but the path names {id}");
        }

        node.Id = id;
        if (ifMatch is { } version)
        {
            node.Version = version;
        }

        try
        {
            var updated = await nodes.UpdateNode(new UpdateNodeRequest { Node = node }, context.RequestAborted);
            context.Response.Headers.ETag = ProtoResults.ETag(updated.Version);
            return ProtoResults.Json(updated);
        }
        catch (NodeManagerException ex) when (ex.Code == ErrorCode.Aborted && ifMatch is not null)
        {
            return Problems.From(ex, StatusCodes.Status412PreconditionFailed);
        }
    }

    public static async Task<IResult> DeleteNode(HttpContext context, string id, NodeServiceImpl nodes)
    {
        var ifMatch = ProtoResults.IfMatchVersion(context.Request);
        try
        {
            await nodes.DeleteNode(new DeleteNodeRequest { Id = id, Version = ifMatch ?? 0 }, context.RequestAborted);
            return Results.NoContent();
        }
        catch (NodeManagerException ex) when (ex.Code == ErrorCode.Aborted && ifMatch is not null)
        {
            return Problems.From(ex, StatusCodes.Status412PreconditionFailed);
        }
    }

    public static async Task<IResult> BatchGetNodes(HttpContext context, NodeServiceImpl nodes)
    {
        var request = ProtoJson.Parse<BatchGetNodesRequest>(await RequestBody.ReadAsync(context, RequestBody.NodeLimit));
        return ProtoResults.Json(await nodes.BatchGetNodes(request, context.RequestAborted));
    }
}
