namespace NodeManager.Core.Health;

/// <summary>What decided a health transition; numeric values match the wire enum.</summary>
public enum DecidedBy
{
    Unspecified = 0,
    Heartbeat = 1,
    StreamClosed = 2,
    Probe = 3,
    AgentShutdown = 4,
    Operator = 5,
    Guard = 6,
}
