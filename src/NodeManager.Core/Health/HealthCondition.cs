namespace NodeManager.Core.Health;

/// <summary>
/// A typed condition of a node. <see cref="Status"/> true means the condition holds (the problem
/// is present). <see cref="Source"/> is <c>agent</c> (reported) or <c>server</c> (decided here).
/// </summary>
public sealed record HealthCondition(
    string Type,
    bool Status,
    ConditionSeverity Severity,
    string Reason,
    string Message,
    DateTimeOffset LastTransitionTime,
    string Source)
{
    public const string AgentSource = "agent";
    public const string ServerSource = "server";

    public bool IsCriticalAndHolding => Status && Severity == ConditionSeverity.Critical;

    /// <summary>Same meaning (type, status, severity, reason, message, source), whatever the transition time.</summary>
    public bool SameAs(HealthCondition other) =>
        Type == other.Type && Status == other.Status && Severity == other.Severity
        && Reason == other.Reason && Message == other.Message && Source == other.Source;
}
