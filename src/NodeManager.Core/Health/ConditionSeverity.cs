namespace NodeManager.Core.Health;

/// <summary>Severity of a condition; numeric values match the wire enum.</summary>
public enum ConditionSeverity
{
    Unspecified = 0,
    Info = 1,
    Warning = 2,
    Critical = 3,
}
