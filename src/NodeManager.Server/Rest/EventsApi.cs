using System.Globalization;
using NodeManager.Contracts.V1;
using NodeManager.Core.Errors;
using NodeManager.Server.Api;
using NodeManager.Server.Changes;
using NodeManager.Server.Security;

namespace NodeManager.Server.Rest;

/// <summary>
/// <c>GET /v1/events</c>: the change feed as Server-Sent Events. Each event has <c>id:</c> = its
/// revision (so a browser's <c>Last-Event-ID</c> resumes it), <c>event:</c> = its type and
/// <c>data:</c> = the NodeEvent in JSON. Query: <c>after_revision</c> (without it and without
/// <c>Last-Event-ID</c>: only new events), <c>label_selector</c>, <c>exclude_health</c>.
/// </summary>
public static class EventsApi
{
    private static readonly TimeSpan KeepAlive = TimeSpan.FromSeconds(15);

    public static IEndpointConventionBuilder MapEventsApi(this IEndpointRouteBuilder app) =>
        app.MapGet("/v1/events", StreamEvents).AddEndpointFilter<ProblemDetailsFilter>().WithName("WatchEvents").RequireAuthorization(Policies.Viewer);

    public static async Task<IResult> StreamEvents(HttpContext context, WatchService watch)
    {
        var query = context.Request.Query;
        var request = new WatchNodesRequest { LabelSelector = query["label_selector"].ToString() };
        var after = query["after_revision"].ToString() is { Length: > 0 } a ? a : context.Request.Headers["Last-Event-ID"].ToString();
        request.FromNow = after.Length == 0;
        if (after.Length > 0)
        {
            request.AfterRevision = long.TryParse(after, NumberStyles.None, CultureInfo.InvariantCulture, out var r)
                ? r
                : throw NodeManagerException.Invalid("after_revision", $"'{after}' is not a revision number");
        }

        if (query["exclude_health"].ToString() is { Length: > 0 } exclude)
        {
            request.ExcludeHealth = bool.TryParse(exclude, out var e) ? e : throw NodeManagerException.Invalid("exclude_health", $"'{exclude}' is not true or false");
        }

        var ct = context.RequestAborted;
        await using var events = watch.WatchNodes(request, ct).GetAsyncEnumerator(ct);
        var next = events.MoveNextAsync().AsTask();

        // Errors known before the first event (bad selector, revision too old) are problem details, not a stream.
        await Task.WhenAny(next, Task.Delay(TimeSpan.FromMilliseconds(200), ct));
        if (next.IsFaulted)
        {
            await next;
        }

        var response = context.Response;
        response.ContentType = "text/event-stream";
        response.Headers.CacheControl = "no-cache";
        response.Headers["X-Accel-Buffering"] = "no";
        await response.Body.FlushAsync(ct);
        try
        {
            while (true)
            {
                var ready = await Task.WhenAny(next, Task.Delay(KeepAlive, ct));
                if (ready != next)
                {
                    await response.WriteAsync(": keep-alive\n\n", ct);
                    await response.Body.FlushAsync(ct);
                    continue;
                }

                if (!await next)
                {
                    break;
                }

                var change = events.Current;
                var type = ProtoEnums.NodeEventType.FindValueByNumber((int)change.Type).Name;
                await response.WriteAsync($"id: {change.Revision}\nevent: {type}\ndata: {ProtoJson.Format(change).Replace("\n", "", StringComparison.Ordinal)}\n\n", ct);
                await response.Body.FlushAsync(ct);
                next = events.MoveNextAsync().AsTask();
            }
        }
        catch (NodeManagerException ex)
        {
            await response.WriteAsync($"event: error\ndata: {{\"code\":\"{Problems.Map(ex.Code).Code}\",\"detail\":\"{ex.Message.Replace("\"", "'", StringComparison.Ordinal)}\"}}\n\n", CancellationToken.None);
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
        }

        return Results.Empty;
    }
}
