using NodeManager.Core.Health;

namespace NodeManager.Core.Tests.Health;

/// <summary>
/// Conditions as a heartbeat reports them. Their transition time is the agent's (<see cref="TestData.Earlier"/>),
/// which the evaluator must replace with the server's clock.
/// </summary>
internal static class AgentConditions
{
    public static HealthCondition Critical(string type, string reason, string message = "failing") =>
        new(type, true, ConditionSeverity.Critical, reason, message, TestData.Earlier, HealthCondition.AgentSource);

    public static HealthCondition Warning(string type, string message = "degraded") =>
        new(type, true, ConditionSeverity.Warning, type, message, TestData.Earlier, HealthCondition.AgentSource);

    public static HealthCondition Info(string type) =>
        new(type, true, ConditionSeverity.Info, type, "note", TestData.Earlier, HealthCondition.AgentSource);

    public static HealthCondition Cleared(string type, ConditionSeverity severity) =>
        new(type, false, severity, type, "ok", TestData.Earlier, HealthCondition.AgentSource);

    /// <summary>What the server adds to a heartbeat's conditions when the agent's address differs from inventory.</summary>
    public static HealthCondition AddressDrift(string message = "reported 10.0.0.9, inventory has 10.0.0.7") =>
        new(ServerConditions.AddressDrift, true, ConditionSeverity.Warning, "AddressDrift", message, TestData.Earlier, HealthCondition.ServerSource);
}
