using NodeManager.Contracts.V1;
using NodeManager.Core.Changes;
using NodeManager.Core.Errors;
using NodeManager.Core.History;
using NodeManager.Core.Storage;
using NodeManager.Server.Api;
using NodeManager.Server.Nodes;
using FieldViolation = NodeManager.Core.Errors.FieldViolation;

namespace NodeManager.Server.History;

/// <summary>
/// <c>NodeService/ListNodeHistory</c>, behind both encodings: validates, reads one page of the node's history
/// from the store and maps it. A node with neither a registration nor any history is NOT_FOUND; a deleted
/// node's history stays readable.
/// </summary>
public sealed class NodeHistoryService(INodeHistory history, INodeStore nodes)
{
    public async Task<ListNodeHistoryResponse> ListNodeHistory(ListNodeHistoryRequest request, CancellationToken cancellationToken)
    {
        var violations = new List<FieldViolation>();
        var id = Guid.Empty;
        try
        {
            id = NodeServiceImpl.ParseId(request.NodeId, "node_id");
        }
        catch (NodeManagerException ex) when (ex.Code == ErrorCode.InvalidArgument)
        {
            violations.AddRange(ex.Violations);
        }

        var since = Time(request.Since, "since", violations);
        var until = Time(request.Until, "until", violations);
        if (since is not null && until is not null && until <= since)
        {
            violations.Add(new("until", "must be after since"));
        }

        var kinds = new List<ChangeKind>();
        foreach (var kind in request.Kinds)
        {
            if (kind is NodeEventType.Unspecified || !System.Enum.IsDefined(kind))
            {
                violations.Add(new("kinds", $"'{kind}' is not a kind of change (CREATED, UPDATED, DELETED, HEALTH_CHANGED, LIFECYCLE_CHANGED, RESERVATION_CREATED, RESERVATION_RELEASED)"));
            }
            else
            {
                kinds.Add((ChangeKind)(int)kind);
            }
        }

        var pageSize = Guarded(() => Paging.Resolve(request.PageSize), violations);
        var after = Guarded(() => PageToken.DecodeRevision(request.PageToken), violations);
        if (violations.Count > 0)
        {
            throw NodeManagerException.Invalid(violations);
        }

        var query = new HistoryQuery(id, pageSize + 1) { Since = since, Until = until, Ascending = request.Ascending, Kinds = kinds, AfterRevision = after };
        var entries = await history.ReadHistoryAsync(query, cancellationToken);
        if (entries.Count == 0 && after is null && !await history.HasHistoryAsync(id, cancellationToken) && await nodes.GetAsync(id, cancellationToken) is null)
        {
            throw NodeManagerException.NotFound(request.NodeId);
        }

        var response = new ListNodeHistoryResponse();
        response.Entries.AddRange(entries.Take(pageSize).Select(HistoryMapper.ToProto));
        if (entries.Count > pageSize)
        {
            response.NextPageToken = PageToken.EncodeRevision(entries[pageSize - 1].Revision);
        }

        return response;
    }

    private static DateTimeOffset? Time(Google.Protobuf.WellKnownTypes.Timestamp? timestamp, string field, List<FieldViolation> violations)
    {
        if (timestamp is null)
        {
            return null;
        }

        try
        {
            return timestamp.ToDateTimeOffset();
        }
        catch (InvalidOperationException)
        {
            violations.Add(new(field, "is not a valid timestamp (RFC 3339, between years 1 and 9999)"));
            return null;
        }
    }

    private static T? Guarded<T>(Func<T> parse, List<FieldViolation> violations)
    {
        try
        {
            return parse();
        }
        catch (NodeManagerException ex) when (ex.Code == ErrorCode.InvalidArgument)
        {
            violations.AddRange(ex.Violations);
            return default;
        }
    }
}
