using NodeManager.Core.Health;

namespace NodeManager.Core.Tests.Health;

/// <summary>
/// One observation <see cref="At"/> seconds after <see cref="TestData.Now"/>, and what must hold after it.
/// Expectations left null are not checked.
/// </summary>
internal sealed record ScenarioStep(StepKind Kind, double At)
{
    public IReadOnlyList<HealthCondition> Reported { get; init; } = [];

    public SweepContext Context { get; init; }

    public HealthStatus? Status { get; init; }

    public string? Reason { get; init; }

    public DecidedBy? Decided { get; init; }

    public string[]? ConditionTypes { get; init; }

    public (string Type, double At)? ConditionTime { get; init; }

    public int? FlapCount { get; init; }

    public bool? ProbeRequested { get; init; }

    public DecidedBy? ProbeTrigger { get; init; }

    public bool? SameInstance { get; init; }

    public static ScenarioStep Heartbeat(double at, params HealthCondition[] reported) => new(StepKind.Heartbeat, at) { Reported = reported };

    public static ScenarioStep Goodbye(double at) => new(StepKind.Goodbye, at);

    public static ScenarioStep StreamBroken(double at) => new(StepKind.StreamBroken, at);

    public static ScenarioStep Sweep(double at) => new(StepKind.Sweep, at);

    public static ScenarioStep SweepInStartupGrace(double at) => new(StepKind.Sweep, at) { Context = new SweepContext(InStartupGrace: true, GuardActive: false) };

    public static ScenarioStep SweepUnderGuard(double at) => new(StepKind.Sweep, at) { Context = new SweepContext(InStartupGrace: false, GuardActive: true) };

    public static ScenarioStep ProbeOk(double at) => new(StepKind.ProbeOk, at);

    public static ScenarioStep ProbeFails(double at) => new(StepKind.ProbeFails, at);

    public static ScenarioStep ProbeFailsUnderGuard(double at) => new(StepKind.ProbeFails, at) { Context = new SweepContext(InStartupGrace: false, GuardActive: true) };

    public ScenarioStep Is(HealthStatus status) => this with { Status = status };

    public ScenarioStep Is(HealthStatus status, string reason, DecidedBy decided) => this with { Status = status, Reason = reason, Decided = decided };

    /// <summary>Exactly these condition types are present.</summary>
    public ScenarioStep With(params string[] types) => this with { ConditionTypes = types };

    public ScenarioStep Since(string type, double at) => this with { ConditionTime = (type, at) };

    public ScenarioStep Flaps(int count) => this with { FlapCount = count };

    public ScenarioStep Probes(DecidedBy trigger) => this with { ProbeRequested = true, ProbeTrigger = trigger };

    public ScenarioStep NoProbe() => this with { ProbeRequested = false };

    /// <summary>The evaluator returned the very same instance: nothing to persist or publish.</summary>
    public ScenarioStep Unchanged() => this with { SameInstance = true };

    /// <summary>An observable transition (<see cref="HealthEvaluator.IsTransition"/>).</summary>
    public ScenarioStep Changed() => this with { SameInstance = false };
}
