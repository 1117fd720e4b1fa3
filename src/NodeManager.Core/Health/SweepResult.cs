namespace NodeManager.Core.Health;

/// <summary>A sweep's verdict on one node: its (possibly unchanged) state, and whether to probe the agent now and why.</summary>
public readonly record struct SweepResult(NodeHealthState State, bool Probe, DecidedBy ProbeTrigger);
