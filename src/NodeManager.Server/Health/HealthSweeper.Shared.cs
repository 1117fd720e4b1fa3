using NodeManager.Core.Health;

namespace NodeManager.Server.Health;

/// <summary>
/// Liveness when several instances share the store. A node's stream is on one instance, which
/// flushes its heartbeat times every sweep; the lease holder reads back, in one query per sweep,
/// the times of the quiet nodes (silent for the grace period, by the store) and of the nodes whose
/// stream broke here. A node not among the quiet ones was heard from within the grace period: that
/// lower bound is all the holder needs to leave it alone.
/// An instance alone on the store (no other announced itself within two grace periods) holds every
/// stream and the lease: it skips the read, and flushes once per HeartbeatFlushInterval as on SQLite.
/// </summary>
public sealed partial class HealthSweeper
{
    /// <summary>This process among the instances sharing the store.</summary>
    private readonly Guid _instance = Guid.NewGuid();

    /// <summary>Other instances seen at the last sweep (-1 before the first), logged when it changes.</summary>
    private int _others = -1;

    /// <summary>Announces this instance; true when liveness is shared: another instance is alive, or holds the lease.</summary>
    private async Task<bool> AccompaniedAsync(bool leader, CancellationToken cancellationToken)
    {
        var others = await store.AnnounceInstanceAsync(_instance, policy.Grace * 2, cancellationToken);
        if (others != _others)
        {
            _others = others;
            LogCompany(logger, others);
        }

        return others > 0 || !leader;
    }

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

    [LoggerMessage(EventId = 2206, Level = LogLevel.Information, Message = "Other instances on the shared store: {Others} (with none, heartbeat times are flushed once per HeartbeatFlushInterval and not read back)")]
    private static partial void LogCompany(ILogger logger, int others);

    [LoggerMessage(EventId = 2203, Level = LogLevel.Information, Message = "Health sweeper lease held: {Held} (the holder judges silent nodes for every instance)")]
    private static partial void LogLease(ILogger logger, bool held);
}
