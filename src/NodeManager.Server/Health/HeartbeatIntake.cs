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
/// Takes heartbeats. The common case — a READY node reporting no conditions — updates two fields of the node's
/// entry in this silo's heartbeat table under its own lock: no grain call, no I/O, no allocation beyond the ack.
/// A heartbeat that may change what observers see goes to the node's grain, which decides (DESIGN §3); called
/// from the stream's silo, the grain is placed here, or moves here after that call.
/// </summary>
public sealed partial class HeartbeatIntake(
    HealthRegistry registry,
    NodeGrains grains,
    ILocalSiloDetails silo,
    HealthPolicy policy,
    TimeProvider time,
    NodeManager.Server.Metrics.NodeManagerMetrics metrics,
    CallerIdentity caller,
    NodeManager.Server.Security.HeartbeatRateLimit rateLimit,
    ILogger<HeartbeatIntake> logger)
{
    public const int MaxConditions = 64;

    private IntervalDirective _interval = new(policy.HeartbeatInterval, Duration.FromTimeSpan(policy.HeartbeatInterval));

    /// <summary>Accepts one heartbeat; returns the node's status after it (for the ack, see <see cref="Ack"/>) and its entry (for stream bookkeeping).</summary>
    /// <param name="heartbeat">The heartbeat.</param>
    /// <param name="known">The entry a stream's earlier heartbeats went to: used without a registry lookup when the ids match and the node still exists.</param>
    /// <param name="stream">The heartbeat came on a stream held by this silo (false: a single heartbeat).</param>
    /// <param name="cancellationToken">Cancels waiting for a transition's save.</param>
    public async ValueTask<(Contracts.V1.HealthStatus Status, NodeHealthEntry Entry)> AcceptAsync(Heartbeat heartbeat, NodeHealthEntry? known, bool stream, CancellationToken cancellationToken)
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
        bool evaluate;
        HealthStatus status;
        lock (entry.Gate)
        {
            if (!rateLimit.Allow(entry, now))
            {
                throw rateLimit.Exceeded(entry, now);
            }

            entry.LastHeartbeat = now;
            entry.HeartbeatDirty = true;
            if (entry.AwaitedSinceStart)
            {
                registry.OnReturned(entry, now);
            }

            evaluate = NeedsEvaluation(entry, heartbeat);
            status = entry.Status;
        }

        metrics.Heartbeat();
        if (!evaluate)
        {
            return ((Contracts.V1.HealthStatus)(int)status, entry);
        }

        var report = new HeartbeatReport(stream ? silo.SiloAddress : null, now, Reported(heartbeat, entry.Spec, now), heartbeat.Goodbye, caller.AuthenticatedActor ?? "");
        HeartbeatVerdict verdict;
        try
        {
            verdict = await grains.HeartbeatAsync(id, report);
        }
        catch (NodeManagerException ex) when (ex.Code == ErrorCode.Unavailable && stream)
        {
            // The grain's silo just died (the cluster has not declared it dead yet): the heartbeat is in this silo's
            // table, the stream stays up, and its next heartbeat goes to the grain again (placed here then).
            LogGrainUnreachable(logger, id, ex.Message);
            return ((Contracts.V1.HealthStatus)(int)status, entry);
        }

        if (!verdict.Found)
        {
            throw NotRegistered(heartbeat.NodeId);
        }

        return ((Contracts.V1.HealthStatus)(int)verdict.Status, entry);
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
            try
            {
                await grains.GoodbyeAsync(entry.NodeId, now);
            }
            catch (NodeManagerException ex) when (ex.Code == ErrorCode.Unavailable)
            {
                LogGrainUnreachable(logger, entry.NodeId, ex.Message); // the goodbye heartbeat itself went to the grain before
            }
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

    [LoggerMessage(EventId = 2004, Level = LogLevel.Warning, Message = "Node {NodeId}'s grain did not answer for a heartbeat ({Reason}); acked from this silo's table, the next heartbeat tries again")]
    private static partial void LogGrainUnreachable(ILogger logger, Guid nodeId, string reason);

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
