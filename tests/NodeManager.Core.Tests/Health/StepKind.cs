namespace NodeManager.Core.Tests.Health;

/// <summary>What happens to a node at one step of a <see cref="HealthScenario"/>.</summary>
internal enum StepKind
{
    Heartbeat,
    Goodbye,
    StreamBroken,
    Sweep,
    ProbeOk,
    ProbeFails,
}
