namespace NodeManager.Core.Health;

/// <summary>A node's health; numeric values match the wire enum.</summary>
public enum HealthStatus
{
    Unspecified = 0,
    Unknown = 1,
    Ready = 2,
    NotReady = 3,
    Down = 4,
}
