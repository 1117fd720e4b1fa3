using NodeManager.Server.Security;
using System.Globalization;
using Google.Protobuf.WellKnownTypes;
using NodeManager.Contracts.V1;
using NodeManager.Core.Errors;
using NodeManager.Server.Api;
using NodeManager.Server.Rest;
using FieldViolation = NodeManager.Core.Errors.FieldViolation;

namespace NodeManager.Server.History;

/// <summary>
/// REST for a node's history: <c>GET /v1/nodes/{id}/history?since=&amp;until=&amp;kind=&amp;order=asc|desc&amp;page_size=&amp;page_token=</c>,
/// the protobuf JSON mapping of <c>ListNodeHistoryResponse</c>.
/// </summary>
public static class HistoryApi
{
    private const string Kinds = "CREATED, UPDATED, DELETED, HEALTH_CHANGED, LIFECYCLE_CHANGED, RESERVATION_CREATED, RESERVATION_RELEASED";

    public static RouteGroupBuilder MapHistoryApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/v1").AddEndpointFilter<ProblemDetailsFilter>();
        group.MapGet("/nodes/{id}/history", ListNodeHistory).WithName("ListNodeHistory").RequireAuthorization(Policies.Viewer);
        return group;
    }

    public static async Task<IResult> ListNodeHistory(HttpContext context, string id, NodeHistoryService history)
    {
        var query = context.Request.Query;
        var violations = new List<FieldViolation>();
        var request = new ListNodeHistoryRequest
        {
            NodeId = id,
            PageToken = query["page_token"].ToString(),
            Since = Time(query["since"].ToString(), "since", violations),
            Until = Time(query["until"].ToString(), "until", violations),
        };
        switch (query["order"].ToString().ToLowerInvariant())
        {
            case "" or "desc":
                break;
            case "asc":
                request.Ascending = true;
                break;
            default:
                violations.Add(new("order", $"'{query["order"]}' is not asc or desc"));
                break;
        }

        foreach (var text in query["kind"].SelectMany(k => (k ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)))
        {
            if (ProtoJson.NormalizeEnum(ProtoEnums.NodeEventType, text) is { } name && ProtoEnums.NodeEventType.FindValueByName(name).Number != 0)
            {
                request.Kinds.Add((NodeEventType)ProtoEnums.NodeEventType.FindValueByName(name).Number);
            }
            else
            {
                violations.Add(new("kind", $"'{text}' is not one of {Kinds}"));
            }
        }

        try
        {
            request.PageSize = QueryParameters.PositiveInt(query, "page_size");
        }
        catch (NodeManagerException ex) when (ex.Code == ErrorCode.InvalidArgument)
        {
            violations.AddRange(ex.Violations);
        }

        if (violations.Count > 0)
        {
            throw NodeManagerException.Invalid(violations);
        }

        return ProtoResults.Json(await history.ListNodeHistory(request, context.RequestAborted));
    }

    /// <summary>An RFC 3339 time (<c>2026-12-06T10:00:00Z</c>, offsets and fractions allowed), or null when absent.</summary>
    private static Timestamp? Time(string text, string field, List<FieldViolation> violations)
    {
        if (text.Length == 0)
        {
            return null;
        }

        if (text.Length >= 20 && text[10] is 'T' or 't'
            && DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal, out var time)
            && (text.EndsWith('Z') || text.EndsWith('z') || text[^6] is '+' or '-'))
        {
            return Timestamp.FromDateTimeOffset(time);
        }

        violations.Add(new(field, $"'{text}' is not an RFC 3339 time such as 2026-12-06T10:00:00Z"));
        return null;
    }
}
