using Microsoft.Extensions.Options;
using NodeManager.Core.Errors;
using NodeManager.Core.Health;
using NodeManager.Server.Health;

namespace NodeManager.Server.Security;

/// <summary>
/// At most <c>NodeManager:Security:RateLimits:HeartbeatsPerInterval</c> heartbeats per node per heartbeat interval,
/// over all its streams and unary reports: a misbehaving agent cannot make the server's heartbeat work its own.
/// Counted in two fields of the node's entry, under the entry's lock the heartbeat takes anyway: no allocation. Applies
/// when authentication is configured (an open server on loopback behaves as before).
/// </summary>
public sealed class HeartbeatRateLimit(IOptionsMonitor<SecurityOptions> security, SecurityMode mode, HealthPolicy policy)
{
    /// <summary>Under <see cref="NodeHealthEntry.Gate"/>: true when this heartbeat is within the node's allowance.</summary>
    public bool Allow(NodeHealthEntry entry, DateTimeOffset now)
    {
        var limit = security.CurrentValue.RateLimits.HeartbeatsPerInterval;
        if (!mode.Enforced || limit <= 0)
        {
            return true;
        }

        var ticks = now.UtcTicks;
        if (ticks - entry.RateWindowStart >= policy.HeartbeatInterval.Ticks)
        {
            entry.RateWindowStart = ticks;
            entry.RateCount = 1;
            return true;
        }

        return ++entry.RateCount <= limit;
    }

    /// <summary>RESOURCE_EXHAUSTED / 429 for a node over its allowance, with when to retry.</summary>
    public NodeManagerException Exceeded(NodeHealthEntry entry, DateTimeOffset now)
    {
        var retry = TimeSpan.FromTicks(Math.Max(0, entry.RateWindowStart + policy.HeartbeatInterval.Ticks - now.UtcTicks));
        return new NodeManagerException(ErrorCode.ResourceExhausted,
            $"node {entry.NodeId:D} sent more than {security.CurrentValue.RateLimits.HeartbeatsPerInterval} heartbeats in one interval " +
            $"({policy.HeartbeatInterval.TotalSeconds:0.###} s); retry after {Math.Ceiling(retry.TotalSeconds):0} s");
    }
}
