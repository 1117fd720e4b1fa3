namespace NodeManager.Server.Metrics;

/// <summary>
/// Requests that start no trace: heartbeats (the hot path: 100,000 agents every 5 s; a stream is one request that
/// lives as long as the agent's connection) and the probes and scrapes that run every few seconds. Their activity
/// is left unrecorded, and so is everything done under it (grain calls, store queries).
/// </summary>
public static class UntracedRequests
{
    private const string HealthService = "/nodemanager.v1.HealthService";

    public static bool ShouldTrace(HttpContext context)
    {
        var path = context.Request.Path;
        if (path.StartsWithSegments(HealthService, out var method))
        {
            return method != "/StreamHeartbeats" && method != "/ReportHeartbeat";
        }

        return !(path == "/metrics" || path == "/healthz" || path == "/readyz" || IsRestHeartbeat(context.Request.Method, path));
    }

    /// <summary><c>POST /v1/nodes/{id}/heartbeat</c>.</summary>
    private static bool IsRestHeartbeat(string method, PathString path)
    {
        const string Suffix = "/heartbeat";
        if (!HttpMethods.IsPost(method) || !path.StartsWithSegments("/v1/nodes", out var rest) || rest.Value is not { } tail)
        {
            return false;
        }

        // tail is "/{id}/heartbeat": one non-empty segment before the suffix.
        return tail.Length > Suffix.Length + 1
            && tail.EndsWith(Suffix, StringComparison.OrdinalIgnoreCase)
            && !tail.AsSpan(1, tail.Length - Suffix.Length - 1).Contains('/');
    }
}
