using NodeManager.Server.Security;
using System.Text.Json;
using NodeManager.Server.Rest;

namespace NodeManager.Server.Fleet;

/// <summary>REST for the fleet as a whole: <c>GET /v1/fleet/summary</c> (the dashboard's overview).</summary>
public static class FleetApi
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public static RouteGroupBuilder MapFleetApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/v1").AddEndpointFilter<ProblemDetailsFilter>();
        group.MapGet("/fleet/summary", GetSummary).WithName("GetFleetSummary").RequireAuthorization(Policies.Viewer);
        return group;
    }

    public static async Task<IResult> GetSummary(HttpContext context, FleetSummaryService fleet)
    {
        var summary = await fleet.GetAsync(context.RequestAborted);
        context.Response.Headers.CacheControl = "no-store";
        return Results.Json(summary, Json);
    }
}
