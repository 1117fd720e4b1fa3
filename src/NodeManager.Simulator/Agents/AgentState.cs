namespace NodeManager.Simulator.Agents;

/// <summary>What a simulated agent is doing.</summary>
public enum AgentState
{
    /// <summary>Heartbeats on schedule (and reconnects when its stream breaks).</summary>
    Running,

    /// <summary>Stream open, heartbeats withheld (mass outage).</summary>
    Stalled,

    /// <summary>Stream reset without goodbye; does not reconnect until revived.</summary>
    Killed,

    /// <summary>Said goodbye and closed its stream.</summary>
    Gone,
}
