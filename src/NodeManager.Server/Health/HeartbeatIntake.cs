using Google.Protobuf.WellKnownTypes;
using NodeManager.Contracts.V1;
using NodeManager.Core.Errors;
using NodeManager.Core.Health;
using NodeManager.Core.Nodes;
using NodeManager.Core.Storage;
using ConditionSeverity = NodeManager.Core.Health.ConditionSeverity;
using DecidedBy = NodeManager.Core.Health.DecidedBy;
using HealthStatus = NodeManager.Core.Health.HealthStatus;
using NodeManager.Server.Api;

namespace NodeManager.Server.Health;

/// <summary>
/// Takes heartbeats. The common case — a READY node reporting no conditions — updates two fields
/// of the node's entry under its own lock: no I/O, no allocation beyond the ack. Anything that may
/// change what observers see runs the evaluator, and a transition is written durably before the ack.
/// </summary>
public sealed class HeartbeatIntake(
    HealthRegistry registry,
    HealthTransitions transitions,
    HealthPolicy policy,
    TimeProvider time,
    NodeManager.Server.Metrics.NodeManagerMetrics metrics)
{
    public const int MaxConditions = 64;

    private IntervalDirective _interval = new(policy.HeartbeatInterval, Duration.FromTimeSpan(policy.HeartbeatInterval));

    /// <summary>Accepts one heartbeat; returns the node's status after it (for the ack, see <see cref="Ack"/>) and its entry (for stream bookkeeping).</summary>
    /// <param name="heartbeat">The heartbeat.</param>
    /// <param name="known">The entry a stream's earlier heartbeats went to: used without a registry lookup when the ids match and the node still exists.</param>
    /// <param name="cancellationToken">Cancels waiting for a transition's save.</param>
    public async ValueTask<(Contracts.V1.HealthStatus Status, NodeHealthEntry Entry)> AcceptAsync(Heartbeat heartbeat, NodeHealthEntry? known, CancellationToken cancellationToken)
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
            ?? throw new NodeManagerException(ErrorCode.NotFound, $"node {heartbeat.NodeId} is not registered; register it (CreateNode or import) before sending heartbeats");
        var now = ServerClock.Now(time);
        metrics.Heartbeat();
        NodeHealthState? transition = null;
        HealthStatus status;
        lock (entry.Gate)
        {
            entry.LastHeartbeat = now;
            entry.HeartbeatDirty = true;
            if (entry.AwaitedSinceStart)
            {
                registry.OnReturned(entry, now);
            }

            if (NeedsEvaluation(entry, heartbeat))
            {
                var reported = Reported(heartbeat, entry.Spec, now);
                var before = entry.State;
                var (next, streak) = HealthEvaluator.OnHeartbeat(before, entry.GoodStreak, reported, now, policy);
                if (heartbeat.Goodbye)
                {
                    next = HealthEvaluator.OnStreamClosed(next, goodbye: true, now);
                }

                entry.GoodStreak = streak;
                if (HealthEvaluator.IsTransition(before, next))
                {
                    entry.Decide(next with { LastHeartbeatTime = now });
                    transition = entry.State;
                }
            }

            status = entry.Status;
        }

        if (transition is not null)
        {
            await transitions.SaveAsync([transition], cancellationToken);
        }

        return ((Contracts.V1.HealthStatus)(int)status, entry);
    }

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

    /// <summary>A heartbeat stream of <paramref name="entry"/> ended (with or without a goodbye).</summary>
    public async Task StreamClosedAsync(NodeHealthEntry entry, bool goodbye)
    {
        var now = ServerClock.Now(time);
        NodeHealthState? transition = null;
        lock (entry.Gate)
        {
            entry.OpenStreams = Math.Max(0, entry.OpenStreams - 1);
            if (entry.OpenStreams == 0)
            {
                entry.StreamClosedAt = now;
            }

            var before = entry.State;
            var next = HealthEvaluator.OnStreamClosed(before, goodbye, now);
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
