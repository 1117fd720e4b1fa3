using NodeManager.Core.Health;

namespace NodeManager.Server.Health;

/// <summary>
/// Liveness when several silos share the store. A node's stream is on one silo, which flushes its
/// heartbeat times every sweep; the leader (the oldest active silo in Orleans' membership) reads back,
/// in one query per sweep, the times of the quiet nodes (silent for all but one interval of the grace, by the store)
/// and of the nodes whose stream broke here. A node not among the quiet ones was heard from within
/// that time: that lower bound is all the leader needs to leave it alone.
/// A silo alone in its cluster holds every stream and leads: it skips the read, and flushes once per
/// HeartbeatFlushInterval as on SQLite.
/// </summary>
public sealed partial class HealthSweeper
{
    /// <summary>Other active silos at the last sweep (-1 before the first), logged when it changes.</summary>
    private int _others = -1;

    /// <summary>When another silo was last seen active (or this one did not lead).</summary>
    private DateTimeOffset _lastAccompanied = DateTimeOffset.MinValue;

    /// <summary>
    /// Whether this silo leads, and whether liveness is shared: another silo is active or leads, or was within
    /// two grace periods. A silo that left had streams: their heartbeat times are in the store, not in this
    /// silo's memory, until the agents reconnect here or are judged from those times.
    /// </summary>
    private (bool Leader, bool Shared) Membership(DateTimeOffset now)
    {
        var (leader, others) = membership.Current();
        if (leader != cluster.SweeperLeader)
        {
            cluster.SweeperLeader = leader;
            LogLeader(logger, leader);
        }

        if (others != _others)
        {
            _others = others;
            LogCompany(logger, others);
        }

        if (others > 0 || !leader)
        {
            _lastAccompanied = now;
        }

        return (leader, now - _lastAccompanied <= policy.Grace * 2);
    }

    private async Task ReadSharedLivenessAsync(bool leader, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var broken = new List<Guid>();
        foreach (var entry in registry.Entries)
        {
            lock (entry.Gate)
            {
                if (entry.Liveness.StreamBroken)
                {
                    broken.Add(entry.NodeId);
                }
            }
        }

        if (!leader && broken.Count == 0)
        {
            return;
        }

        // Quiet: last heard at or before now - SuspectAfter, so suspect by the evaluator's rule (and stale once silent for
        // the grace). The others were heard after it, so a tick later is a safe lower bound: neither suspect nor stale.
        // (A bound of now - grace made every node streaming to another silo look suspect to the guard's count: with most
        // of the fleet on other silos, the guard tripped for good and no silent node was judged.)
        var quietBefore = now - HealthEvaluator.SuspectAfter(policy);
        var heardAfter = quietBefore.AddTicks(1);
        var rows = await store.ReadHeartbeatsAsync(leader ? quietBefore : null, broken, cancellationToken);
        var read = new Dictionary<Guid, DateTimeOffset?>(rows.Count);
        foreach (var (nodeId, heartbeat) in rows)
        {
            read[nodeId] = heartbeat;
        }

        foreach (var entry in registry.Entries)
        {
            lock (entry.Gate)
            {
                if (read.TryGetValue(entry.NodeId, out var heartbeat))
                {
                    if (heartbeat is { } t && (entry.StoreHeartbeat is not { } known || t > known))
                    {
                        entry.StoreHeartbeat = t;
                    }
                }
                else if (leader && entry.Status is HealthStatus.Ready or HealthStatus.NotReady
                    && (entry.HeardSince is not { } since || heardAfter > since))
                {
                    entry.HeardSince = heardAfter;
                }
            }
        }
    }

    /// <summary>The node's stream broke on this silo less than a grace period ago: judging it is this silo's job.</summary>
    private bool BrokeHereWithinGrace(NodeHealthEntry entry, DateTimeOffset now) =>
        entry.Liveness.StreamBroken && now - entry.StreamClosedAt!.Value < policy.Grace;

    [LoggerMessage(EventId = 2206, Level = LogLevel.Information, Message = "Other active silos in the cluster: {Others} (with none, heartbeat times are flushed once per HeartbeatFlushInterval and not read back)")]
    private static partial void LogCompany(ILogger logger, int others);

    [LoggerMessage(EventId = 2203, Level = LogLevel.Information, Message = "Health sweeper leader: {Leader} (the oldest active silo judges silent nodes for the whole cluster)")]
    private static partial void LogLeader(ILogger logger, bool leader);
}
