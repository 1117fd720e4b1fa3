using Google.Protobuf.WellKnownTypes;
using NodeManager.Contracts.V1;
using NodeManager.Core.Errors;
using NodeManager.Core.Health;
using NodeManager.Core.Nodes;
using NodeManager.Core.Storage;
using ConditionSeverity = NodeManager.Core.Health.ConditionSeverity;
using DecidedBy = NodeManager.Core.Health.DecidedBy;
using HealthStatus = NodeManager.Core.Health.HealthStatus;
using NodeManager.Abstractions.Nodes;
using NodeManager.Server.Api;
using NodeManager.Server.Cluster;
using Orleans.Runtime;

namespace NodeManager.Server.Health;

/// <summary>
/// Takes heartbeats. The common case — a READY node reporting no conditions, on a stream whose NodeGrain lives on
/// this silo — updates two fields of the node's entry in this silo's heartbeat table under its own lock: no grain
/// call, no I/O, no allocation beyond the ack. Anything that may change what observers see goes to the node's
/// grain, which decides (DESIGN §3); so does a stream's first heartbeat (which places the grain on this silo,
/// without holding up the ack) and every heartbeat while the grain still lives on another silo.
/// </summary>
public sealed partial class HeartbeatIntake(
    HealthRegistry registry,
    NodeGrains grains,
    ILocalSiloDetails silo,
    HealthPolicy policy,
    TimeProvider time,
    NodeManager.Server.Metrics.NodeManagerMetrics metrics,
    ILogger<HeartbeatIntake> logger)
{
    public const int MaxConditions = 64;

    /// <summary>How often a stream whose grain is local tells the grain again: it keeps the grain from being collected as idle (Orleans' default: 15 min), and brings back one that was.</summary>
    public static readonly TimeSpan ReattachEvery = TimeSpan.FromMinutes(5);

    /// <summary>Grain calls that attach streams in the background at once (a reconnect storm opens 100,000 streams).</summary>
    private const int AttachParallelism = 256;

    private readonly SemaphoreSlim _attachSlots = new(AttachParallelism, AttachParallelism);

    private IntervalDirective _interval = new(policy.HeartbeatInterval, Duration.FromTimeSpan(policy.HeartbeatInterval));

    /// <summary>Accepts one heartbeat; returns the node's status after it (for the ack, see <see cref="Ack"/>) and its entry (for stream bookkeeping).</summary>
    /// <param name="heartbeat">The heartbeat.</param>
    /// <param name="known">The entry a stream's earlier heartbeats went to: used without a registry lookup when the ids match and the node still exists.</param>
    /// <param name="link">The stream's way to the node's grain; null for a single heartbeat (no stream).</param>
    /// <param name="cancellationToken">Cancels waiting for a transition's save.</param>
    public async ValueTask<(Contracts.V1.HealthStatus Status, NodeHealthEntry Entry)> AcceptAsync(Heartbeat heartbeat, NodeHealthEntry? known, GrainLink? link, CancellationToken cancellationToken)
    {
        if (!NodeId.TryParse(heartbeat.NodeId, out var id))
        {
            throw NodeManagerException.Invalid("node_id", heartbeat.NodeId.Length == 0 ? "is required" : NodeId.Rule);
        }

        if (heartbeat.Conditions.Count > MaxConditions)
        {
            throw NodeManagerException.Invalid("conditions", $"at most {MaxConditions} conditions per heartbeat");
        }

        var entry = known is { Removed: false } && known.NodeId == id ? known : await registry.FindOrLoadAsync(id, cancellationToken)
            ?? throw NotRegistered(heartbeat.NodeId);
        var now = ServerClock.Now(time);
        metrics.Heartbeat();
        bool evaluate;
        HealthStatus status;
        lock (entry.Gate)
        {
            entry.LastHeartbeat = now;
            entry.HeartbeatDirty = true;
            if (entry.AwaitedSinceStart)
            {
                registry.OnReturned(entry, now);
            }

            evaluate = NeedsEvaluation(entry, heartbeat);
            status = entry.Status;
        }

        var remote = link?.IsRemote == true;
        if (evaluate || remote)
        {
            // The grain decides; while it lives on another silo it also learns of every heartbeat this way.
            var report = new HeartbeatReport(link is null ? null : silo.SiloAddress, now, true, Reported(heartbeat, entry.Spec, now), heartbeat.Goodbye);
            HeartbeatVerdict verdict;
            try
            {
                verdict = await grains.HeartbeatAsync(id, report);
            }
            catch (NodeManagerException ex) when (ex.Code == ErrorCode.Unavailable && link is not null)
            {
                // The grain's silo just died (the cluster has not declared it dead yet): the heartbeat is in this silo's
                // table, the stream stays up, and its next heartbeat goes to the grain again (placed here then).
                link.AttachFailed();
                LogGrainUnreachable(logger, id, ex.Message);
                return ((Contracts.V1.HealthStatus)(int)status, entry);
            }

            if (!verdict.Found)
            {
                throw NotRegistered(heartbeat.NodeId);
            }

            link?.Attached(verdict.Local, now);
            return ((Contracts.V1.HealthStatus)(int)verdict.Status, entry);
        }

        if (link is not null && link.AttachDue(now))
        {
            _ = AttachAsync(id, link, now);
        }

        return ((Contracts.V1.HealthStatus)(int)status, entry);
    }

    /// <summary>
    /// Tells the grain that this silo holds its stream, off the heartbeat's path: the grain is placed here (or moves
    /// here), and the stream's plain heartbeats are then seen by it in this silo's table.
    /// </summary>
    private async Task AttachAsync(Guid id, GrainLink link, DateTimeOffset now)
    {
        await _attachSlots.WaitAsync(CancellationToken.None);
        try
        {
            var verdict = await grains.HeartbeatAsync(id, new HeartbeatReport(silo.SiloAddress, now, false, [], false));
            link.Attached(verdict.Local || !verdict.Found, now);
        }
        catch (Exception ex)
        {
            link.AttachFailed();
            LogAttachFailed(logger, id, ex.Message);
        }
        finally
        {
            _attachSlots.Release();
        }
    }

    private static NodeManagerException NotRegistered(string nodeId) =>
        new(ErrorCode.NotFound, $"node {nodeId} is not registered; register it (CreateNode or import) before sending heartbeats");

    /// <summary>
    /// Fills <paramref name="ack"/> for an accepted heartbeat: its seq, the status, and the interval the
    /// agent must use. A stream reuses one ack message (it is serialized before the next heartbeat is read).
    /// </summary>
    public HeartbeatAck Ack(HeartbeatAck ack, Heartbeat heartbeat, Contracts.V1.HealthStatus status)
    {
        ack.Seq = heartbeat.Seq;
        ack.Interval = Interval();
        ack.Status = status;
        return ack;
    }

    /// <summary>
    /// A heartbeat stream of <paramref name="entry"/> ended (with or without a goodbye). A goodbye goes to the node's
    /// grain, which makes the node NOT_READY; a broken stream is bookkeeping here, and judged by the sweep after an interval.
    /// </summary>
    public async Task StreamClosedAsync(NodeHealthEntry entry, bool goodbye)
    {
        var now = ServerClock.Now(time);
        lock (entry.Gate)
        {
            entry.OpenStreams = Math.Max(0, entry.OpenStreams - 1);
            if (entry.OpenStreams == 0)
            {
                entry.StreamClosedAt = now;
            }
        }

        if (goodbye)
        {
            await grains.GoodbyeAsync(entry.NodeId, now);
        }
    }

    /// <summary>The interval directive of every ack; rebuilt only when a configuration reload changed it.</summary>
    private Duration Interval()
    {
        var current = _interval;
        if (current.Of != policy.HeartbeatInterval)
        {
            _interval = current = new IntervalDirective(policy.HeartbeatInterval, Duration.FromTimeSpan(policy.HeartbeatInterval));
        }

        return current.Value;
    }

    private sealed record IntervalDirective(TimeSpan Of, Duration Value);

    [LoggerMessage(EventId = 2004, Level = LogLevel.Warning, Message = "Node {NodeId}'s grain could not be reached for a heartbeat ({Reason}); acked from this silo's table, the next heartbeat tries again")]
    private static partial void LogGrainUnreachable(ILogger logger, Guid nodeId, string reason);

    [LoggerMessage(EventId = 2003, Level = LogLevel.Debug, Message = "Attaching the stream of node {NodeId} to its grain failed ({Reason}); its next heartbeat tries again")]
    private static partial void LogAttachFailed(ILogger logger, Guid nodeId, string reason);

    private static bool NeedsEvaluation(NodeHealthEntry entry, Heartbeat heartbeat) =>
        entry.Status != HealthStatus.Ready || heartbeat.Goodbye || heartbeat.Conditions.Count > 0
        || entry.State.Conditions.Count > 0 || Drift(heartbeat.Observed, entry.Spec) is not null;

    private static List<HealthCondition> Reported(Heartbeat heartbeat, NodeSpec spec, DateTimeOffset now)
    {
        var reported = new List<HealthCondition>(heartbeat.Conditions.Count + 1);
        for (var i = 0; i < heartbeat.Conditions.Count; i++)
        {
            var condition = heartbeat.Conditions[i];
            if (condition.Type.Length is 0 or > 63)
            {
                throw NodeManagerException.Invalid($"conditions[{i}].type", "must be 1-63 characters");
            }

            reported.Add(HealthMapper.FromReported(condition, now));
        }

        if (Drift(heartbeat.Observed, spec) is { } drift)
        {
            reported.Add(new HealthCondition(ServerConditions.AddressDrift, true, ConditionSeverity.Warning, "AddressDrift", drift, now, HealthCondition.ServerSource));
        }

        return reported;
    }

    /// <summary>What the agent sees that the inventory does not say, or null.</summary>
    private static string? Drift(ObservedAddresses? observed, NodeSpec spec)
    {
        if (observed is null)
        {
            return null;
        }

        var ip = observed.Ip.Length > 0 && observed.Ip != spec.Ip && !(NetworkText.TryCanonicalIp(observed.Ip, out var c) && c == spec.Ip);
        var mac = observed.Mac.Length > 0 && observed.Mac != spec.Mac && !(NetworkText.TryCanonicalMac(observed.Mac, out var m) && m == spec.Mac);
        var veth = observed.Veth.Length > 0 && observed.Veth != spec.Veth;
        if (!ip && !mac && !veth)
        {
            return null;
        }

        var parts = new List<string>(3);
        if (ip)
        {
            parts.Add($"ip {observed.Ip} (inventory {spec.Ip})");
        }

        if (mac)
        {
            parts.Add($"mac {observed.Mac} (inventory {(spec.Mac.Length == 0 ? "none" : spec.Mac)})");
        }

        if (veth)
        {
            parts.Add($"veth {observed.Veth} (inventory {(spec.Veth.Length == 0 ? "none" : spec.Veth)})");
        }

        return "agent reports " + string.Join(", ", parts);
    }

}

/// <summary>
/// How one heartbeat stream reaches its node's grain: not yet told, being told (in the background), told and
/// local (plain heartbeats need no call until <see cref="HeartbeatIntake.ReattachEvery"/>), or told and remote (every
/// heartbeat is reported until the grain has moved here).
/// </summary>
public sealed class GrainLink
{
    private const int None = 0, Attaching = 1, Local = 2, Remote = 3;

    private int _state;
    private long _reattachTicks;

    public bool IsRemote => Volatile.Read(ref _state) == Remote;

    /// <summary>True when the grain should be told now; moves to attaching (a second caller gets false).</summary>
    public bool AttachDue(DateTimeOffset now)
    {
        var state = Volatile.Read(ref _state);
        var due = state == None || (state == Local && now.UtcTicks >= Volatile.Read(ref _reattachTicks));
        return due && Interlocked.CompareExchange(ref _state, Attaching, state) == state;
    }

    public void Attached(bool local, DateTimeOffset now)
    {
        // Spread over a minute, so the streams of a reconnect storm do not all come due at once again.
        Volatile.Write(ref _reattachTicks, (now + HeartbeatIntake.ReattachEvery + TimeSpan.FromMilliseconds(Random.Shared.Next(60_000))).UtcTicks);
        Volatile.Write(ref _state, local ? Local : Remote);
    }

    /// <summary>The grain could not be told: the next heartbeat tries again.</summary>
    public void AttachFailed() => Volatile.Write(ref _state, None);
}
