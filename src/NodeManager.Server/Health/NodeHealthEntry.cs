using NodeManager.Core.Health;
using NodeManager.Core.Nodes;

namespace NodeManager.Server.Health;

/// <summary>
/// One node's live health on this instance. Heartbeats touch only the hot fields under the
/// entry's own lock (no lock shared by all streams); the evaluator runs only when something could
/// change. <see cref="State"/> is an immutable snapshot replaced on transitions.
/// </summary>
public sealed class NodeHealthEntry(Guid nodeId, NodeSpec spec, NodeHealthState state)
{
    public Guid NodeId { get; } = nodeId;

    public object Gate { get; } = new();

    /// <summary>The inventory's view, for AddressDrift and for finding the agent to probe.</summary>
    public NodeSpec Spec { get; set; } = spec;

    public NodeHealthState State { get; set; } = state;

    public int GoodStreak { get; set; }

    public DateTimeOffset? LastHeartbeat { get; set; } = state.LastHeartbeatTime;

    /// <summary>Last heartbeat not yet flushed to the store.</summary>
    public bool HeartbeatDirty { get; set; }

    public DateTimeOffset? LastProbeOk { get; set; }

    public DateTimeOffset? LastProbeAt { get; set; }

    public bool ProbeInFlight { get; set; }

    public int OpenStreams { get; set; }

    public DateTimeOffset? StreamClosedAt { get; set; }

    public Liveness Liveness => new(LastHeartbeat, LastProbeOk, LastProbeAt, OpenStreams > 0, StreamClosedAt, ProbeInFlight);

    /// <summary>The state as the API shows it: the durable snapshot with the live last-heartbeat time.</summary>
    public NodeHealthState Snapshot() => LastHeartbeat == State.LastHeartbeatTime ? State : State with { LastHeartbeatTime = LastHeartbeat };
}
