using System.Globalization;
using System.Text;
using NodeManager.Core.Health;

namespace NodeManager.Core.Tests.Health;

/// <summary>
/// A start state and a sequence of steps, played against <see cref="HealthEvaluator"/> with a fixed clock
/// (<see cref="TestData.Now"/> + seconds). The runner keeps the <see cref="Liveness"/> the server would keep:
/// heartbeats open the stream, closes record the time, a requested probe is in flight until its result.
/// The good-heartbeat streak comes from <see cref="HealthEvaluator.OnHeartbeat"/> and restarts when contact is lost.
/// </summary>
internal sealed record HealthScenario(string Name, params ScenarioStep[] Steps)
{
    public static readonly Guid NodeId = Guid.Parse("0b5e3c1a-7d2f-4e8a-9c61-3f0d2a4b5c6d");

    public HealthPolicy Policy { get; init; } = new();

    public NodeHealthState Start { get; init; } = NodeHealthState.Initial(NodeId, TestData.Now);

    public static NodeHealthState Stored(HealthStatus status, string reason, DecidedBy decidedBy, int flaps) =>
        NodeHealthState.Initial(NodeId, TestData.Earlier) with { Status = status, Reason = reason, DecidedBy = decidedBy, FlapCount = flaps };

    private const string Unchanged = "same instance";
    private const string Transition = "transition";

    public override string ToString() => Name;

    public void Run()
    {
        var state = Start;
        var streak = 0;
        var liveness = new Liveness(null, null, null, StreamOpen: false, null, ProbeInFlight: false);
        var trigger = DecidedBy.Unspecified;
        for (var i = 0; i < Steps.Length; i++)
        {
            var step = Steps[i];
            var now = TestData.Now + TimeSpan.FromSeconds(step.At);
            var before = state;
            SweepResult? sweep = null;
            switch (step.Kind)
            {
                case StepKind.Heartbeat:
                    (state, streak) = HealthEvaluator.OnHeartbeat(state, streak, step.Reported, now, Policy);
                    liveness = liveness with { LastHeartbeat = now, StreamOpen = true };
                    break;
                case StepKind.Goodbye or StepKind.StreamBroken:
                    state = HealthEvaluator.OnStreamClosed(state, step.Kind == StepKind.Goodbye, now);
                    liveness = liveness with { StreamOpen = false, StreamClosedAt = now };
                    streak = 0;
                    break;
                case StepKind.Sweep:
                    var result = HealthEvaluator.Sweep(state, liveness, now, Policy, step.Context);
                    state = result.State;
                    if (result.Probe)
                    {
                        liveness = liveness with { ProbeInFlight = true, LastProbeAt = now };
                        trigger = result.ProbeTrigger;
                    }

                    sweep = result;
                    break;
                case StepKind.ProbeOk or StepKind.ProbeFails:
                    Assert.True(liveness.ProbeInFlight, $"{Name} | step {i + 1}: a probe result needs a probe requested by a sweep");
                    var ok = step.Kind == StepKind.ProbeOk;
                    state = HealthEvaluator.OnProbeResult(state, ok, ok ? "SERVING" : "connection refused", trigger, now, step.Context);
                    liveness = liveness with { ProbeInFlight = false, LastProbeOk = ok ? now : liveness.LastProbeOk };
                    streak = ok ? streak : 0;
                    break;
                default:
                    throw new ArgumentOutOfRangeException(nameof(Steps), step.Kind, "unknown step");
            }

            var label = string.Create(CultureInfo.InvariantCulture, $"{Name} | step {i + 1} {step.Kind} at {step.At} s:");
            Assert.Equal(label + Expected(step), label + Actual(step, before, state, sweep));
        }
    }

    private static string Expected(ScenarioStep step) =>
        Describe(step, step.Status, step.Reason, step.Decided, step.ConditionTypes, step.ConditionTime?.At, step.FlapCount,
            step.ProbeRequested, step.ProbeTrigger, step.SameInstance switch { true => Unchanged, false => Transition, null => null });

    private static string Actual(ScenarioStep step, NodeHealthState before, NodeHealthState after, SweepResult? sweep)
    {
        var since = step.ConditionTime is { } expected && after.Conditions.FirstOrDefault(c => c.Type == expected.Type) is { } condition
            ? (condition.LastTransitionTime - TestData.Now).TotalSeconds
            : (double?)null;
        var change = ReferenceEquals(before, after) ? Unchanged
            : HealthEvaluator.IsTransition(before, after) ? Transition
            : "new instance without a transition";
        return Describe(step, after.Status, after.Reason, after.DecidedBy, [.. after.Conditions.Select(c => c.Type)], since, after.FlapCount,
            sweep?.Probe ?? false, sweep is { Probe: true } probed ? probed.ProbeTrigger : null, change);
    }

    private static string Describe(ScenarioStep step, HealthStatus? status, string? reason, DecidedBy? decided, string[]? conditions,
        double? since, int? flaps, bool? probe, DecidedBy? trigger, string? change)
    {
        var text = new StringBuilder();
        void Add(bool check, string name, object? value)
        {
            if (check)
            {
                text.Append(CultureInfo.InvariantCulture, $" {name}={value ?? "-"}");
            }
        }

        Add(step.Status is not null, "status", status);
        Add(step.Reason is not null, "reason", reason);
        Add(step.Decided is not null, "decidedBy", decided);
        Add(step.ConditionTypes is not null, "conditions", conditions is null ? null : $"[{string.Join(",", conditions.Order(StringComparer.Ordinal))}]");
        Add(step.ConditionTime is not null, $"{step.ConditionTime?.Type}.since", since);
        Add(step.FlapCount is not null, "flaps", flaps);
        Add(step.ProbeRequested is not null, "probe", probe);
        Add(step.ProbeTrigger is not null, "trigger", trigger);
        Add(step.SameInstance is not null, "change", change);
        return text.ToString();
    }
}
