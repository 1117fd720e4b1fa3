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
public sealed class HeartbeatRateLimit
{
    private readonly HealthPolicy _policy;
    private volatile int _limit;

    public HeartbeatRateLimit(IOptionsMonitor<SecurityOptions> security, SecurityMode mode, HealthPolicy policy)
    {
        _policy = policy;
        _limit = mode.Enforced ? security.CurrentValue.RateLimits.HeartbeatsPerInterval : 0;

        // Read once per change, not per heartbeat.
        security.OnChange(changed => _limit = mode.Enforced ? changed.RateLimits.HeartbeatsPerInterval : 0);
    }

    /// <summary>Under <see cref="NodeHealthEntry.Gate"/>: true when this heartbeat is within the node's allowance.</summary>
    public bool Allow(NodeHealthEntry entry, DateTimeOffset now)
    {
        var limit = _limit;
        if (limit <= 0)
        {
            return true;
        }

        var ticks = now.UtcTicks;
        if (ticks - entry.RateWindowStart >= _policy.HeartbeatInterval.Ticks)
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
        var retry = TimeSpan.FromTicks(Math.Max(0, entry.RateWindowStart + _policy.HeartbeatInterval.Ticks - now.UtcTicks));
        return new NodeManagerException(ErrorCode.ResourceExhausted,
            $"node {entry.NodeId:D} sent more than {_limit} heartbeats in one interval " +
            $"({_policy.HeartbeatInterval.TotalSeconds:0.###} s); retry after {Math.Ceiling(retry.TotalSeconds):0} s");
    }
}
