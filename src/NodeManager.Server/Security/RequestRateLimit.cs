using System.Globalization;
using System.Threading.RateLimiting;
using Microsoft.AspNetCore.RateLimiting;

namespace NodeManager.Server.Security;

/// <summary>
/// Requests per identity (<c>NodeManager:Security:RateLimits:RequestsPerSecond</c>, <c>:Burst</c>): a token bucket per
/// token subject (an operator, a service, an agent's node), or per client address for callers without one. Over it:
/// 429 with <c>Retry-After</c>, and for gRPC RESOURCE_EXHAUSTED with a <c>retry-after</c> trailer. A heartbeat stream is
/// one request; its heartbeats are limited per node by <see cref="HeartbeatRateLimit"/>.
/// </summary>
public static class RequestRateLimit
{
    public static void Configure(RateLimiterOptions options, RateLimitOptions limits)
    {
        var bucket = new TokenBucketRateLimiterOptions
        {
            TokenLimit = Math.Max(limits.Burst, limits.RequestsPerSecond),
            TokensPerPeriod = limits.RequestsPerSecond,
            ReplenishmentPeriod = TimeSpan.FromSeconds(1),
            QueueLimit = 0,
            AutoReplenishment = true,
        };
        options.GlobalLimiter = PartitionedRateLimiter.Create<HttpContext, string>(context =>
            RateLimitPartition.GetTokenBucketLimiter(Identity(context), _ => bucket));
        options.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
        options.OnRejected = (rejected, _) =>
        {
            var retry = rejected.Lease.TryGetMetadata(MetadataName.RetryAfter, out var after) ? after : TimeSpan.FromSeconds(1);
            var seconds = Math.Max(1, (int)Math.Ceiling(retry.TotalSeconds)).ToString(CultureInfo.InvariantCulture);
            var response = rejected.HttpContext.Response;
            if (rejected.HttpContext.Request.ContentType?.StartsWith("application/grpc", StringComparison.OrdinalIgnoreCase) == true)
            {
                // Trailers-only gRPC answer: a 429 would reach a gRPC client as UNAVAILABLE.
                response.StatusCode = StatusCodes.Status200OK;
                response.ContentType = "application/grpc";
                response.Headers["grpc-status"] = "8";
                response.Headers["grpc-message"] = $"rate limit of {limits.RequestsPerSecond} requests/s per caller exceeded; retry after {seconds} s";
                response.Headers["retry-after"] = seconds;
                return ValueTask.CompletedTask;
            }

            response.Headers.RetryAfter = seconds;
            return ValueTask.CompletedTask;
        };
    }

    private static string Identity(HttpContext context) =>
        context.User.FindFirst(Roles.SubjectClaimType)?.Value is { } subject
            ? "sub:" + subject
            : "ip:" + context.Connection.RemoteIpAddress;
}
