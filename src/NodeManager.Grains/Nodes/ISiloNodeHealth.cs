using NodeManager.Abstractions.Nodes;
using NodeManager.Core.Health;

namespace NodeManager.Grains.Nodes;

/// <summary>
/// The live health of nodes on one silo: its heartbeat table, the health rules and the durable write of a
/// transition, as the server hosting the silo provides them. A NodeGrain decides its node's transitions
/// through it, in its own turns, so two decisions about one node never run at once anywhere in the cluster.
/// </summary>
public interface ISiloNodeHealth
{
    /// <summary>Takes a reported heartbeat; returns the node's health after it, null when the node is not registered.</summary>
    ValueTask<NodeHealthState?> HeartbeatAsync(Guid nodeId, HeartbeatReport report);

    ValueTask GoodbyeAsync(Guid nodeId, DateTimeOffset at);

    /// <summary>
    /// Judges a silent node; starts a probe of its agent when one is due (its result comes back through the grain).
    /// <paramref name="streamBrokeAt"/>: the node's stream broke on the calling silo then.
    /// </summary>
    ValueTask JudgeAsync(Guid nodeId, SweepContext context, DateTimeOffset? streamBrokeAt);

    ValueTask ProbeResultAsync(Guid nodeId, bool ok, string detail, DecidedBy trigger);

    /// <summary>The node's health as the API shows it, or null when the node is not registered.</summary>
    ValueTask<NodeHealthState?> GetAsync(Guid nodeId);
}
