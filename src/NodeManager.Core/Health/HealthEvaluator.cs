using System.Globalization;

namespace NodeManager.Core.Health;

/// <summary>
/// The health state machine: state × observation × now → new state. Pure: no clock, no I/O.
/// Every method returns the same instance when nothing an observer would see changed, so the
/// caller persists and publishes only when <see cref="IsTransition"/> says so.
/// </summary>
public static class HealthEvaluator
{
    /// <summary>A heartbeat arrived with the agent's full condition set (plus server-detected AddressDrift, if any).</summary>
    public static (NodeHealthState State, int GoodStreak) OnHeartbeat(
        NodeHealthState state, int goodStreak, IReadOnlyList<HealthCondition> reported, DateTimeOffset now, HealthPolicy policy)
    {
        var conditions = MergeReported(state.Conditions, reported, now);
        var next = ReferenceEquals(conditions, state.Conditions) ? state : state with { Conditions = conditions };
        if (conditions.FirstOrDefault(c => c.IsCriticalAndHolding) is { } critical)
        {
            var reason = critical.Reason.Length > 0 ? critical.Reason : critical.Type;
            return (To(next, HealthStatus.NotReady, reason, $"{critical.Type}: {critical.Message}", DecidedBy.Heartbeat, now), 0);
        }

        switch (state.Status)
        {
            case HealthStatus.Ready when state.DecidedBy == DecidedBy.Probe:
                return (To(next, HealthStatus.Ready, "HeartbeatResumed", "heartbeats arrive again", DecidedBy.Heartbeat, now), 0);
            case HealthStatus.Ready:
                return (next, 0);
            case HealthStatus.NotReady or HealthStatus.Down when goodStreak + 1 < policy.RecoveryHeartbeats:
                return (next, goodStreak + 1);
            default:
                var recovered = state.Status == HealthStatus.Unknown ? "HeartbeatReceived" : "Recovered";
                var message = state.Status == HealthStatus.Unknown
                    ? "first heartbeat received"
                    : string.Create(CultureInfo.InvariantCulture, $"{policy.RecoveryHeartbeats} consecutive good heartbeats");
                return (To(next, HealthStatus.Ready, recovered, message, DecidedBy.Heartbeat, now), 0);
        }
    }

    /// <summary>The heartbeat stream ended. A goodbye makes the node NOT_READY at once; a broken stream is judged by the sweeper.</summary>
    public static NodeHealthState OnStreamClosed(NodeHealthState state, bool goodbye, DateTimeOffset now) =>
        goodbye ? To(state, HealthStatus.NotReady, "AgentShutdown", "the agent said goodbye (shutting down)", DecidedBy.AgentShutdown, now) : state;

    /// <summary>Silent for the grace period, or its stream broke at least one interval ago: only then can <see cref="Sweep"/> change anything.</summary>
    public static bool IsStale(Liveness liveness, DateTimeOffset now, HealthPolicy policy) =>
        liveness.LastContact is { } contact
        && (now - contact >= policy.Grace || (liveness.StreamBroken && now - liveness.StreamClosedAt!.Value >= policy.HeartbeatInterval));

    /// <summary>
    /// Stale, or about to be: silent for all of the grace period but its last interval (at least one
    /// interval), or its stream broke at least one interval ago. The disruption guard counts these:
    /// nodes that stall together have their phases spread over one interval, so counting only the stale
    /// ones would see the cohort grow over that interval and let the first of them be probed and marked.
    /// </summary>
    public static bool IsSuspect(Liveness liveness, DateTimeOffset now, HealthPolicy policy)
    {
        if (liveness.LastContact is not { } contact)
        {
            return false;
        }

        return now - contact >= SuspectAfter(policy)
            || (liveness.StreamBroken && now - liveness.StreamClosedAt!.Value >= policy.HeartbeatInterval);
    }

    /// <summary>
    /// Silence after which a node is suspect (<see cref="IsSuspect"/>): all of the grace but its last interval, at
    /// least one interval. A node with an open stream heard from more recently is neither suspect nor stale.
    /// </summary>
    public static TimeSpan SuspectAfter(HealthPolicy policy)
    {
        var early = policy.Grace - policy.HeartbeatInterval;
        return early > policy.HeartbeatInterval ? early : policy.HeartbeatInterval;
    }

    /// <summary>One periodic look at a node: is it stale, should its agent be probed, is it DOWN.</summary>
    public static SweepResult Sweep(NodeHealthState state, Liveness liveness, DateTimeOffset now, HealthPolicy policy, SweepContext context)
    {
        if (liveness.LastContact is not { } contact)
        {
            return new SweepResult(state, false, DecidedBy.Unspecified);
        }

        var silence = now - contact;
        var streamBroken = liveness.StreamBroken && now - liveness.StreamClosedAt!.Value >= policy.HeartbeatInterval;
        if (!IsStale(liveness, now, policy) || context.Withhold)
        {
            return new SweepResult(state, false, DecidedBy.Unspecified);
        }

        if (silence >= policy.DownAfter)
        {
            var down = state.Status == HealthStatus.Down
                ? state
                : To(state, HealthStatus.Down, "NoContact", $"no heartbeat or successful probe for {Seconds(silence)}", DecidedBy.Heartbeat, now);
            return new SweepResult(down, false, DecidedBy.Unspecified);
        }

        var next = silence >= policy.Grace
            ? WithCondition(state, ServerCondition(ServerConditions.HeartbeatMissed, ConditionSeverity.Warning, "HeartbeatMissed",
                $"no heartbeat for {Seconds(silence)} (grace {Seconds(policy.Grace)})", now))
            : state;
        var probeDue = !liveness.ProbeInFlight
            && (liveness.LastProbeAt is not { } probed || now - probed >= policy.HeartbeatInterval)
            && state.Status is HealthStatus.Ready or HealthStatus.NotReady
            && state.DecidedBy != DecidedBy.AgentShutdown;
        var trigger = streamBroken && silence < policy.Grace ? DecidedBy.StreamClosed : DecidedBy.Probe;
        return new SweepResult(next, probeDue, trigger);
    }

    /// <summary>The fallback probe answered (<paramref name="ok"/>) or failed.</summary>
    public static NodeHealthState OnProbeResult(NodeHealthState state, bool ok, string detail, DecidedBy trigger, DateTimeOffset now, SweepContext context)
    {
        if (ok)
        {
            var degraded = WithCondition(Without(state, ServerConditions.ProbeFailed), ServerCondition(ServerConditions.HeartbeatPathDegraded,
                ConditionSeverity.Warning, "HeartbeatPathDegraded", "the agent answers health probes but its heartbeats do not arrive", now));
            if (degraded.Conditions.Any(c => c.IsCriticalAndHolding) || state.DecidedBy == DecidedBy.AgentShutdown)
            {
                return degraded;
            }

            // A probe keeps a READY node READY; it never brings one back: that takes heartbeats.
            return state.Status == HealthStatus.Ready
                ? To(degraded, HealthStatus.Ready, "HeartbeatPathDegraded", "heartbeats missing; the agent answered its health probe", DecidedBy.Probe, now)
                : degraded;
        }

        var failed = WithCondition(Without(state, ServerConditions.HeartbeatPathDegraded),
            ServerCondition(ServerConditions.ProbeFailed, ConditionSeverity.Critical, "ProbeFailed", detail, now));
        if (state.Status != HealthStatus.Ready || context.Withhold)
        {
            return failed;
        }

        var reason = trigger == DecidedBy.StreamClosed ? "StreamClosed" : "ProbeFailed";
        var why = trigger == DecidedBy.StreamClosed ? "the heartbeat stream broke" : "heartbeats stopped";
        return To(failed, HealthStatus.NotReady, reason, $"{why} and the agent did not answer its health probe: {detail}", trigger, now);
    }

    /// <summary>True when an observer would see a difference (status, reason, decider, conditions, flaps), ignoring heartbeat times.</summary>
    public static bool IsTransition(NodeHealthState before, NodeHealthState after) =>
        !ReferenceEquals(before, after)
        && (before.Status != after.Status || before.Reason != after.Reason || before.DecidedBy != after.DecidedBy
            || before.Message != after.Message || before.FlapCount != after.FlapCount
            || before.Conditions.Count != after.Conditions.Count
            || !before.Conditions.Zip(after.Conditions).All(p => p.First.SameAs(p.Second)));

    /// <summary>Changes status (counting a flap when leaving READY); same status keeps the transition time.</summary>
    private static NodeHealthState To(NodeHealthState state, HealthStatus status, string reason, string message, DecidedBy decidedBy, DateTimeOffset now)
    {
        if (state.Status == status && state.Reason == reason && state.DecidedBy == decidedBy)
        {
            return state;
        }

        var flaps = state.Status == HealthStatus.Ready && status != HealthStatus.Ready ? state.FlapCount + 1 : state.FlapCount;
        return state with
        {
            Status = status,
            Reason = reason,
            Message = message,
            DecidedBy = decidedBy,
            LastTransitionTime = state.Status == status ? state.LastTransitionTime : now,
            FlapCount = flaps,
        };
    }

    /// <summary>Agent conditions (and AddressDrift) replaced by the reported set; contact-loss conditions cleared.</summary>
    private static IReadOnlyList<HealthCondition> MergeReported(IReadOnlyList<HealthCondition> current, IReadOnlyList<HealthCondition> reported, DateTimeOffset now)
    {
        var kept = current.Where(c => c.Source == HealthCondition.ServerSource && c.Type != ServerConditions.AddressDrift
            && c.Type is not (ServerConditions.HeartbeatMissed or ServerConditions.ProbeFailed or ServerConditions.HeartbeatPathDegraded));
        var merged = new List<HealthCondition>(reported.Count + current.Count);
        merged.AddRange(kept);
        foreach (var condition in reported)
        {
            var previous = current.FirstOrDefault(c => c.Type == condition.Type && c.Source == condition.Source);
            merged.Add(previous is not null && previous.Status == condition.Status
                ? condition with { LastTransitionTime = previous.LastTransitionTime }
                : condition with { LastTransitionTime = now });
        }

        merged.Sort((a, b) => string.CompareOrdinal(a.Type, b.Type));
        return merged.Count == current.Count && merged.Zip(current).All(p => p.First.SameAs(p.Second) && p.First.LastTransitionTime == p.Second.LastTransitionTime)
            ? current
            : merged;
    }

    private static NodeHealthState WithCondition(NodeHealthState state, HealthCondition condition)
    {
        var existing = state.Conditions.FirstOrDefault(c => c.Type == condition.Type && c.Source == condition.Source);
        if (existing is not null && existing.Status == condition.Status && existing.Severity == condition.Severity && existing.Reason == condition.Reason)
        {
            return state;
        }

        var list = state.Conditions.Where(c => !(c.Type == condition.Type && c.Source == condition.Source)).Append(condition).ToList();
        list.Sort((a, b) => string.CompareOrdinal(a.Type, b.Type));
        return state with { Conditions = list };
    }

    private static NodeHealthState Without(NodeHealthState state, string serverConditionType) =>
        state.Conditions.Any(c => c.Type == serverConditionType && c.Source == HealthCondition.ServerSource)
            ? state with { Conditions = state.Conditions.Where(c => !(c.Type == serverConditionType && c.Source == HealthCondition.ServerSource)).ToList() }
            : state;

    private static HealthCondition ServerCondition(string type, ConditionSeverity severity, string reason, string message, DateTimeOffset now) =>
        new(type, true, severity, reason, message, now, HealthCondition.ServerSource);

    private static string Seconds(TimeSpan span) => string.Create(CultureInfo.InvariantCulture, $"{span.TotalSeconds:0.#} s");
}
