using NodeManager.Core.Health;
using NodeManager.Core.Nodes;

namespace NodeManager.Server.Health;

/// <summary>
/// One node's live health on this instance. Heartbeats touch only the hot fields under the
/// entry's own lock (no lock shared by all streams); the evaluator runs only when something could
/// change. <see cref="State"/> is an immutable snapshot replaced on transitions: by this instance
/// (<see cref="Decide"/>) or by another one, through the change feed (<see cref="OnFeedHealth"/>).
/// All members are used under <see cref="Gate"/>, except <see cref="FreshWithoutLock"/> (the sweeper's read of fresh nodes).
/// </summary>
public sealed class NodeHealthEntry(Guid nodeId, NodeSpec spec, NodeHealthState state)
{
    private Queue<NodeHealthState>? _decided;
    private DateTimeOffset? _lastHeartbeat = state.LastHeartbeatTime;
    private long _lastHeartbeatTicks = state.LastHeartbeatTime?.UtcTicks ?? 0; // the same, written whole for FreshWithoutLock
    private int _openStreams;

    public Guid NodeId { get; } = nodeId;

    /// <summary>The entry's lock: the entry itself (no separate object to fetch from memory for each of 100,000 nodes every sweep).</summary>
    public object Gate => this;

    /// <summary>The inventory's view, for AddressDrift and for finding the agent to probe.</summary>
    public NodeSpec Spec { get; set; } = spec;

    public NodeHealthState State
    {
        get;
        private set
        {
            field = value;
            Status = value.Status;
        }
    } = state;

    /// <summary><see cref="State"/>'s status, kept in the entry: the sweep reads it for every node.</summary>
    public HealthStatus Status { get; private set; } = state.Status;

    /// <summary>The node's lifecycle state: MAINTENANCE/UPGRADING make transitions expected; DECOMMISSIONED nodes are not judged.</summary>
    public LifecycleState Lifecycle { get; set; }

    /// <summary>The version of the node that <see cref="Spec"/> and <see cref="Lifecycle"/> come from.</summary>
    public long NodeVersion { get; set; }

    public int GoodStreak { get; set; }

    /// <summary>Start of the node's heartbeat rate window (UTC ticks) and heartbeats in it (Security.HeartbeatRateLimit).</summary>
    public long RateWindowStart { get; set; }

    public int RateCount { get; set; }

    /// <summary>Last heartbeat received by this instance.</summary>
    public DateTimeOffset? LastHeartbeat
    {
        get => _lastHeartbeat;
        set
        {
            _lastHeartbeat = value;
            Volatile.Write(ref _lastHeartbeatTicks, value?.UtcTicks ?? 0);
        }
    }

    /// <summary>Last heartbeat time flushed to a shared store (by any instance), as last read back.</summary>
    public DateTimeOffset? StoreHeartbeat { get; set; }

    /// <summary>
    /// The store said the node was heard from at this time or later (it was not among the quiet ones):
    /// a lower bound, never shown, only used to judge silence.
    /// </summary>
    public DateTimeOffset? HeardSince { get; set; }

    /// <summary>Last heartbeat not yet flushed to the store.</summary>
    public bool HeartbeatDirty { get; set; }

    /// <summary>READY when this instance started, and not heard from by it since (see <see cref="HealthRegistry.InStartupGrace"/>).</summary>
    public bool AwaitedSinceStart { get; set; }

    public DateTimeOffset? LastProbeOk { get; set; }

    public DateTimeOffset? LastProbeAt { get; set; }

    public bool ProbeInFlight { get; set; }

    public int OpenStreams
    {
        get => _openStreams;
        set => Volatile.Write(ref _openStreams, value);
    }

    /// <summary>
    /// Read by the sweeper without the entry's lock: a stream is open and a heartbeat came after <paramref name="heardAfter"/>.
    /// Each field is read whole; a change racing with the read is seen by the next sweep.
    /// </summary>
    public bool FreshWithoutLock(DateTimeOffset heardAfter) =>
        Volatile.Read(ref _openStreams) > 0 && Volatile.Read(ref _lastHeartbeatTicks) > heardAfter.UtcTicks;

    /// <summary>The node was deleted: a stream that still holds this entry looks the node up again (and finds none).</summary>
    public bool Removed { get; set; }

    public DateTimeOffset? StreamClosedAt { get; set; }

    /// <summary>False once the node is DECOMMISSIONED or deleted: its silence is not judged, and a probe result that comes back is dropped.</summary>
    public bool Judged => !Removed && Lifecycle != LifecycleState.Decommissioned;

    /// <summary>The newest heartbeat known here: received by this instance or flushed by another.</summary>
    public DateTimeOffset? KnownHeartbeat => Latest(LastHeartbeat, StoreHeartbeat);

    public Liveness Liveness => new(Latest(KnownHeartbeat, HeardSince), LastProbeOk, LastProbeAt, OpenStreams > 0, StreamClosedAt, ProbeInFlight);

    /// <summary>The state as the API shows it: the durable snapshot with the newest known heartbeat time.</summary>
    public NodeHealthState Snapshot()
    {
        var heartbeat = Latest(KnownHeartbeat, State.LastHeartbeatTime);
        return heartbeat == State.LastHeartbeatTime ? State : State with { LastHeartbeatTime = heartbeat };
    }

    /// <summary>
    /// A transition this instance decided, flagged expected when the node is out of rotation; it is about
    /// to be saved, and its event will come back on the feed. Returns the state to save.
    /// </summary>
    public NodeHealthState Decide(NodeHealthState next)
    {
        var expected = Lifecycle is LifecycleState.Maintenance or LifecycleState.Upgrading;
        State = next.Expected == expected ? next : next with { Expected = expected };
        (_decided ??= new Queue<NodeHealthState>()).Enqueue(State);
        return State;
    }

    /// <summary>The save of <paramref name="state"/> failed: no event of it will come back.</summary>
    public void Forget(NodeHealthState state)
    {
        if (_decided is { Count: > 0 } decided && decided.Contains(state))
        {
            _decided = new Queue<NodeHealthState>(decided.Where(s => !ReferenceEquals(s, state)));
        }
    }

    /// <summary>
    /// A health event from the change feed, in commit order. Our own decisions come back and are
    /// passed over. Another instance's decision is adopted, unless one of ours is still on its way:
    /// that one commits later, so it is the newer truth.
    /// </summary>
    public bool OnFeedHealth(NodeHealthState saved)
    {
        if (_decided is { Count: > 0 } decided)
        {
            if (decided.Any(own => !HealthEvaluator.IsTransition(own, saved)))
            {
                while (decided.TryDequeue(out var own) && HealthEvaluator.IsTransition(own, saved))
                {
                }
            }

            return false;
        }

        if (!HealthEvaluator.IsTransition(State, saved))
        {
            return false;
        }

        State = saved;
        if (saved.Status != HealthStatus.Ready)
        {
            GoodStreak = 0;
        }

        return true;
    }

    private static DateTimeOffset? Latest(DateTimeOffset? a, DateTimeOffset? b) => a is null ? b : b is null ? a : a > b ? a : b;
}
