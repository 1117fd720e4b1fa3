using NodeManager.Contracts.V1;
using NodeManager.Core.Errors;
using NodeManager.Server.Api;
using NodeManager.Server.Lifecycle;
using NodeManager.Server.Security;

namespace NodeManager.Server.Rest;

/// <summary>REST for LifecycleService: <c>POST /v1/nodes/{id}:transition</c>, <c>POST /v1/nodes:batchTransition</c>, <c>GET|DELETE /v1/operations/{id}</c>.</summary>
public static class LifecycleApi
{
    public static RouteGroupBuilder MapLifecycleApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/v1").AddEndpointFilter<ProblemDetailsFilter>();
        group.MapPost("/nodes/{id}:transition", Transition).WithName("Transition").RequireAuthorization(Policies.Operator);
        group.MapPost("/nodes:batchTransition", BatchTransition).WithName("BatchTransition").RequireAuthorization(Policies.Operator);
        group.MapGet("/operations/{id}", GetOperation).WithName("GetOperation").RequireAuthorization(Policies.Viewer);
        group.MapDelete("/operations/{id}", CancelOperation).WithName("CancelOperation").RequireAuthorization(Policies.Operator);
        return group;
    }

    public static async Task<IResult> Transition(HttpContext context, string id, LifecycleServiceImpl lifecycle)
    {
        var request = ProtoJson.Parse<TransitionRequest>(await RequestBody.ReadAsync(context, RequestBody.NodeLimit));
        if (request.NodeId.Length > 0 && !string.Equals(request.NodeId, id, StringComparison.OrdinalIgnoreCase))
        {
            throw NodeManagerException.Invalid("node_id", $"the body names node {request.NodeId} but the path names {id}");
        }

        request.NodeId = id;
        if (ProtoResults.IfMatchVersion(context.Request) is { } version)
        {
            request.ExpectedVersion = version;
        }

        var response = await lifecycle.Transition(request, context.RequestAborted);
        context.Response.Headers.ETag = ProtoResults.ETag(response.Node.Version);
        return ProtoResults.Json(response);
    }

    public static async Task<IResult> BatchTransition(HttpContext context, LifecycleServiceImpl lifecycle)
    {
        var request = ProtoJson.Parse<BatchTransitionRequest>(await RequestBody.ReadAsync(context, RequestBody.NodeLimit));
        var operation = await lifecycle.BatchTransition(request, context.RequestAborted);
        if (operation.DryRun)
        {
            return ProtoResults.Json(operation);
        }

        context.Response.Headers.Location = $"/v1/operations/{operation.Id}";
        return ProtoResults.Json(operation, StatusCodes.Status202Accepted);
    }

    public static async Task<IResult> GetOperation(HttpContext context, string id, LifecycleServiceImpl lifecycle) =>
        ProtoResults.Json(await lifecycle.GetOperation(new GetOperationRequest { Id = id }, context.RequestAborted));

    public static async Task<IResult> CancelOperation(HttpContext context, string id, LifecycleServiceImpl lifecycle) =>
        ProtoResults.Json(await lifecycle.CancelOperation(new CancelOperationRequest { Id = id }, context.RequestAborted));
}
