using NodeManager.Core.Health;

namespace NodeManager.Server.Health;

/// <summary>
/// Liveness when several instances share the store. A node's stream is on one instance, which
/// flushes its heartbeat times every sweep; the lease holder reads back, in one query per sweep,
/// the times of the quiet nodes (silent for the grace period, by the store) and of the nodes whose
/// stream broke here. A node not among the quiet ones was heard from within the grace period: that
/// lower bound is all the holder needs to leave it alone.
/// </summary>
public sealed partial class HealthSweeper
{
    private async Task<bool> HoldLeaseAsync(CancellationToken cancellationToken)
    {
        var leader = await store.HoldSweeperLeaseAsync(cancellationToken);
        if (leader != cluster.SweeperLeader)
        {
            cluster.SweeperLeader = leader;
            LogLease(logger, leader);
        }

        return leader;
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

        // Quiet: last heard at or before now - grace, so stale by the evaluator's rule. The others were
        // heard after it, so a tick later is a safe lower bound.
        var quietBefore = now - policy.Grace;
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

    /// <summary>The node's stream broke on this instance less than a grace period ago: judging it is this instance's job.</summary>
    private bool BrokeHereWithinGrace(NodeHealthEntry entry, DateTimeOffset now) =>
        entry.Liveness.StreamBroken && now - entry.StreamClosedAt!.Value < policy.Grace;

    [LoggerMessage(EventId = 2203, Level = LogLevel.Information, Message = "Health sweeper lease held: {Held} (the holder judges silent nodes for every instance)")]
    private static partial void LogLease(ILogger logger, bool held);
}
