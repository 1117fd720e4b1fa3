using NodeManager.Abstractions.Nodes;
using NodeManager.Core.Health;
using NodeManager.Core.History;
using NodeManager.Core.Storage;
using NodeManager.Grains.Nodes;
using NodeManager.Server.Api;
using NodeManager.Server.Cluster;

namespace NodeManager.Server.Health;

/// <summary>
/// The health rules applied to this silo's heartbeat table, for the NodeGrains living here: each method runs in
/// a turn of the node's grain (DESIGN §3), so the grain is the one that decides every transition of its node,
/// while the table (<see cref="HealthRegistry"/>) holds what the gateway and the sweep see between calls.
/// A transition is written durably (<see cref="HealthTransitions"/>) before the call returns.
/// </summary>
/// <remarks>
/// The grain may live on another silo than the node's stream (activated by an API call there, or by the sweep's
/// leader for a node whose agent died with its silo): plain heartbeats do not call it. Before it judges silence or
/// answers for the node, it then reads the node's heartbeat time from the store, which the stream's silo writes
/// every sweep while other silos are active.
/// </remarks>
public sealed partial class SiloNodeHealth(
    HealthRegistry registry,
    IHealthStore store,
    SiloMembership membership,
    HealthTransitions transitions,
    AgentProber prober,
    ClusterHealth cluster,
    HealthPolicy policy,
    TimeProvider time,
    IHostApplicationLifetime lifetime,
    ILogger<SiloNodeHealth> logger) : ISiloNodeHealth
{
    public async ValueTask<NodeHealthState?> HeartbeatAsync(Guid nodeId, HeartbeatReport report)
    {
        if (await registry.FindOrLoadAsync(nodeId, CancellationToken.None) is not { } entry)
        {
            return null;
        }

        NodeHealthState? transition = null;
        NodeHealthState after;
        lock (entry.Gate)
        {
            if (entry.LastHeartbeat is not { } last || report.HeardAt > last)
            {
                // From a stream on another silo (the grain moves there after this call): the newest heartbeat this silo knows.
                entry.LastHeartbeat = report.HeardAt;
                entry.HeartbeatDirty = true;
            }

            if (entry.AwaitedSinceStart)
            {
                registry.OnReturned(entry, report.HeardAt);
            }

            var before = entry.State;
            var (next, streak) = HealthEvaluator.OnHeartbeat(before, entry.GoodStreak, report.Reported, report.HeardAt, policy);
            if (report.Goodbye)
            {
                next = HealthEvaluator.OnStreamClosed(next, goodbye: true, report.HeardAt);
            }

            entry.GoodStreak = streak;
            if (HealthEvaluator.IsTransition(before, next))
            {
                transition = entry.Decide(next with { LastHeartbeatTime = report.HeardAt });
            }

            after = entry.State;
        }

        if (transition is not null)
        {
            await transitions.SaveAsync([transition], report.Actor.Length > 0 ? report.Actor : HistoryActors.System, CancellationToken.None);
        }

        return after;
    }

    public async ValueTask GoodbyeAsync(Guid nodeId, DateTimeOffset at)
    {
        if (registry.Find(nodeId) is not { } entry)
        {
            return;
        }

        NodeHealthState? transition = null;
        lock (entry.Gate)
        {
            var before = entry.State;
            var next = HealthEvaluator.OnStreamClosed(before, goodbye: true, at);
            if (HealthEvaluator.IsTransition(before, next))
            {
                transition = entry.Decide(next);
            }
        }

        if (transition is not null)
        {
            await transitions.SaveAsync([transition], CancellationToken.None);
        }
    }

    public async ValueTask JudgeAsync(Guid nodeId, SweepContext context, DateTimeOffset? streamBrokeAt)
    {
        if (registry.Find(nodeId) is not { } entry)
        {
            return;
        }

        await ReadStoredHeartbeatAsync(entry);
        var now = ServerClock.Now(time);
        NodeHealthState? transition = null;
        SweepResult result;
        lock (entry.Gate)
        {
            if (!entry.Judged)
            {
                return;
            }

            if (streamBrokeAt is { } broke && entry.OpenStreams == 0 && (entry.StreamClosedAt is not { } closed || broke > closed))
            {
                entry.StreamClosedAt = broke; // the stream broke on the calling silo: judged as if here
            }

            result = HealthEvaluator.Sweep(entry.State, entry.Liveness, now, policy, context);
            if (HealthEvaluator.IsTransition(entry.State, result.State))
            {
                entry.Decide(result.State);
                transition = entry.Snapshot();
            }

            if (result.Probe)
            {
                entry.ProbeInFlight = true;
                entry.LastProbeAt = now;
            }
        }

        if (result.Probe)
        {
            prober.Start(entry, result.ProbeTrigger, lifetime.ApplicationStopping);
        }

        if (transition is not null)
        {
            await transitions.SaveAsync([transition], CancellationToken.None);
        }
    }

    public async ValueTask ProbeResultAsync(Guid nodeId, bool ok, string detail, DecidedBy trigger)
    {
        if (registry.Find(nodeId) is not { } entry)
        {
            return;
        }

        var now = ServerClock.Now(time);
        NodeHealthState? transition = null;
        lock (entry.Gate)
        {
            if (!entry.Judged)
            {
                return; // decommissioned or deleted while the probe was out: its silence is not judged, nor its probe
            }

            if (ok && (entry.LastProbeOk is not { } known || now > known))
            {
                entry.LastProbeOk = now;
            }

            var context = new SweepContext(registry.InStartupGrace(now, policy), cluster.GuardActive);
            var before = entry.State;
            var next = HealthEvaluator.OnProbeResult(before, ok, detail, trigger, now, context);
            if (HealthEvaluator.IsTransition(before, next))
            {
                transition = entry.Decide(next);
            }
        }

        if (transition is not null)
        {
            await transitions.SaveAsync([transition], CancellationToken.None);
            LogProbe(logger, nodeId, ok, detail, transition.Status);
        }
    }

    public async ValueTask<NodeHealthState?> GetAsync(Guid nodeId)
    {
        if (await registry.FindOrLoadAsync(nodeId, CancellationToken.None) is not { } entry)
        {
            return null;
        }

        await ReadStoredHeartbeatAsync(entry);

        lock (entry.Gate)
        {
            return entry.Snapshot();
        }
    }

    /// <summary>
    /// When other silos are active and none of the node's streams is on this one, the node's stored heartbeat time:
    /// the stream's silo writes it every sweep, so it is at most a sweep and a write behind.
    /// </summary>
    private async ValueTask ReadStoredHeartbeatAsync(NodeHealthEntry entry)
    {
        if (!store.Shared || entry.OpenStreams > 0 || membership.Current().Others == 0)
        {
            return;
        }

        var rows = await store.ReadHeartbeatsAsync(null, [entry.NodeId], CancellationToken.None);
        if (rows.Count == 1 && rows[0].Time is { } stored)
        {
            lock (entry.Gate)
            {
                if (entry.StoreHeartbeat is not { } known || stored > known)
                {
                    entry.StoreHeartbeat = stored;
                }
            }
        }
    }

    [LoggerMessage(EventId = 2101, Level = LogLevel.Information, Message = "Probe of node {NodeId}: {Ok} ({Detail}); node is {Status}")]
    private static partial void LogProbe(ILogger logger, Guid nodeId, bool ok, string detail, HealthStatus status);
}
