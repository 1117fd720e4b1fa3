using System.Net;

namespace NodeManager.Simulator.Wire;

/// <summary>
/// Per-agent mode: which loopback address an agent's connection comes from. Each source address has its
/// own ~28k ephemeral ports towards one server port, so 100,000 connections need at least 4 of them.
/// </summary>
public static class LoopbackSources
{
    /// <summary>127.0.0.2 for agents 0..perSource-1, 127.0.0.3 for the next perSource, and so on.</summary>
    public static IPAddress For(int agentIndex, int agentsPerSource)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(agentIndex);
        ArgumentOutOfRangeException.ThrowIfLessThan(agentsPerSource, 1);
        var host = 2 + (agentIndex / agentsPerSource);
        if (host > 254)
        {
            throw new ArgumentOutOfRangeException(nameof(agentIndex), $"agent {agentIndex} needs source 127.0.0.{host}; raise agents per source");
        }

        return new IPAddress([127, 0, 0, (byte)host]);
    }

    public static int Count(int agents, int agentsPerSource) => (agents + agentsPerSource - 1) / agentsPerSource;
}
