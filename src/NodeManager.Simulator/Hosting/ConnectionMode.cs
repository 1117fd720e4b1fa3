namespace NodeManager.Simulator.Hosting;

/// <summary>How simulated agents reach the server.</summary>
public enum ConnectionMode
{
    /// <summary>Agents share a fixed number of HTTP/2 connections, one stream per agent.</summary>
    Multiplexed,

    /// <summary>One TCP connection per agent, spread over loopback source addresses 127.0.0.2, 127.0.0.3, …</summary>
    PerAgent,
}
