namespace NodeManager.Simulator.Scenarios;

/// <summary>A step: what, for how long (or the timeout of an await), and a heartbeat rate for <see cref="StepKind.Rate"/>.</summary>
public readonly record struct ScenarioStep(StepKind Kind, TimeSpan Duration = default, int Rate = 0);
