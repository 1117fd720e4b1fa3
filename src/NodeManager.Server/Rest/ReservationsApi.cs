using NodeManager.Contracts.V1;
using NodeManager.Core.Errors;
using NodeManager.Server.Api;
using NodeManager.Server.Reservations;
using NodeManager.Server.Security;

namespace NodeManager.Server.Rest;

/// <summary>
/// REST for ReservationService under <c>/v1/nodes/{id}/reservations</c>; scheduling (no node yet)
/// under the wildcard parent <c>/v1/nodes/-/reservations</c>.
/// </summary>
public static class ReservationsApi
{
    public static RouteGroupBuilder MapReservationsApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/v1/nodes").AddEndpointFilter<ProblemDetailsFilter>();
        group.MapGet("/{id}/reservations", List).WithName("ListReservations").RequireAuthorization(Policies.Viewer);
        group.MapPost("/{id}/reservations/compute", ReserveCompute).WithName("ReserveCompute").RequireAuthorization(Policies.Operator);
        group.MapDelete("/{id}/reservations/compute/{name}", ReleaseCompute).WithName("ReleaseCompute").RequireAuthorization(Policies.Operator);
        group.MapPost("/{id}/reservations/storage", ReserveStorage).WithName("ReserveStorage").RequireAuthorization(Policies.Operator);
        group.MapDelete("/{id}/reservations/storage/{name}", ReleaseStorage).WithName("ReleaseStorage").RequireAuthorization(Policies.Operator);
        group.MapPost("/-/reservations/compute:schedule", ScheduleCompute).WithName("ScheduleCompute").RequireAuthorization(Policies.Operator);
        group.MapPost("/-/reservations/storage:schedule", ScheduleStorage).WithName("ScheduleStorage").RequireAuthorization(Policies.Operator);
        return group;
    }

    public static async Task<IResult> List(HttpContext context, string id, ReservationServiceImpl reservations) =>
        ProtoResults.Json(await reservations.ListReservations(new ListReservationsRequest { NodeId = id }, context.RequestAborted));

    public static async Task<IResult> ReserveCompute(HttpContext context, string id, ReservationServiceImpl reservations)
    {
        var request = await BodyAsync<ReserveComputeRequest>(context);
        request.NodeId = PathNode(request.NodeId, id);
        return ProtoResults.Json(await reservations.ReserveCompute(request, context.RequestAborted));
    }

    public static async Task<IResult> ReserveStorage(HttpContext context, string id, ReservationServiceImpl reservations)
    {
        var request = await BodyAsync<ReserveStorageRequest>(context);
        request.NodeId = PathNode(request.NodeId, id);
        return ProtoResults.Json(await reservations.ReserveStorage(request, context.RequestAborted));
    }

    public static async Task<IResult> ReleaseCompute(HttpContext context, string id, string name, ReservationServiceImpl reservations) =>
        ProtoResults.Json(await reservations.ReleaseCompute(new ReleaseComputeRequest { NodeId = id, Name = name }, context.RequestAborted));

    public static async Task<IResult> ReleaseStorage(HttpContext context, string id, string name, ReservationServiceImpl reservations) =>
        ProtoResults.Json(await reservations.ReleaseStorage(new ReleaseStorageRequest { NodeId = id, Name = name }, context.RequestAborted));

    public static async Task<IResult> ScheduleCompute(HttpContext context, ReservationServiceImpl reservations) =>
        ProtoResults.Json(await reservations.ScheduleCompute(await BodyAsync<ScheduleComputeRequest>(context), context.RequestAborted));

    public static async Task<IResult> ScheduleStorage(HttpContext context, ReservationServiceImpl reservations) =>
        ProtoResults.Json(await reservations.ScheduleStorage(await BodyAsync<ScheduleStorageRequest>(context), context.RequestAborted));

    private static async Task<T> BodyAsync<T>(HttpContext context)
        where T : Google.Protobuf.IMessage<T>, new() =>
        ProtoJson.Parse<T>(await RequestBody.ReadAsync(context, RequestBody.NodeLimit));

    private static string PathNode(string bodyNode, string pathNode) =>
        bodyNode.Length == 0 || string.Equals(bodyNode, pathNode, StringComparison.OrdinalIgnoreCase)
            ? pathNode
            : throw NodeManagerException.Invalid("node_id", $"the body names node {bodyNode} but the path names {pathNode}");
}
