namespace NodeManager.Simulator.Agents;

/// <summary>
/// Which server endpoint (silo) a simulated agent uses: agent i starts at endpoint i mod E, so the fleet is spread
/// round-robin, and after a broken stream it moves to the next one, as a real agent does.
/// </summary>
public static class EndpointSpread
{
    public static int First(int agentIndex, int endpoints) => agentIndex % endpoints;

    public static int Next(int endpoint, int endpoints) => (endpoint + 1) % endpoints;

    /// <summary>
    /// Multiplexed mode: the agent's connection among each endpoint's <paramref name="connections"/>. The agents that
    /// start at an endpoint (every E-th) go round its connections in turn, so each of them carries as many streams.
    /// </summary>
    public static int Connection(int agentIndex, int endpoints, int connections) => agentIndex / endpoints % connections;
}
