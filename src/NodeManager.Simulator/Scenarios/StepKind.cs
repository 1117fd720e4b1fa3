namespace NodeManager.Simulator.Scenarios;

/// <summary>One thing a scenario does, in order.</summary>
public enum StepKind
{
    Connect,
    Warmup,
    BeginWindow,
    Hold,
    Kill,
    Goodbye,
    Stall,
    Resume,
    Drop,
    Revive,
    Restart,
    AwaitDetection,
    AwaitRecovery,
    Churn,
    Rate,
    EndWindow,
}
