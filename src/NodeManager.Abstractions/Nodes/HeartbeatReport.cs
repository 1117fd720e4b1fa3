using NodeManager.Core.Health;

namespace NodeManager.Abstractions.Nodes;

/// <summary>
/// A heartbeat that may change the node's health (the node is not READY, the agent reports or cleared conditions or
/// says goodbye, or its addresses drifted), as the gateway tells the node's grain (DESIGN §3). Plain heartbeats are
/// not reported.
/// </summary>
/// <param name="Stream">The silo holding the agent's stream, or null for a single heartbeat (no stream to follow).</param>
/// <param name="HeardAt">When the gateway received it, by the server's clock.</param>
/// <param name="Reported">The agent's conditions plus the server's AddressDrift.</param>
/// <param name="Goodbye">The agent is shutting down.</param>
[GenerateSerializer, Immutable, Alias("nm.HeartbeatReport")]
public sealed record HeartbeatReport(
    [property: Id(0)] SiloAddress? Stream,
    [property: Id(1)] DateTimeOffset HeardAt,
    [property: Id(2)] IReadOnlyList<HealthCondition> Reported,
    [property: Id(3)] bool Goodbye,
    [property: Id(4)] string Actor = "");

/// <summary>The grain's answer to a <see cref="HeartbeatReport"/>.</summary>
/// <param name="Found">False when no such node is registered.</param>
/// <param name="StatusCode">The node's <see cref="HealthStatus"/> after the heartbeat, as its number.</param>
/// <param name="Local">The grain lives on the stream's silo: the stream's plain heartbeats need not be reported.</param>
[GenerateSerializer, Immutable, Alias("nm.HeartbeatVerdict")]
public readonly record struct HeartbeatVerdict(
    [property: Id(0)] bool Found,
    [property: Id(1)] int StatusCode,
    [property: Id(2)] bool Local)
{
    public HealthStatus Status => (HealthStatus)StatusCode;
}
