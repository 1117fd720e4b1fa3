namespace NodeManager.Simulator.Scenarios;

/// <summary>What the simulator does to the fleet after warm-up.</summary>
public enum ScenarioKind
{
    Steady,
    Kill,
    Shutdown,
    Flap,
    MassOutage,
    ReconnectStorm,
    Churn,
    Max,
}
