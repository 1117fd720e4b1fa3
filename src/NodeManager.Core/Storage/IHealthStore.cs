using NodeManager.Core.Health;

namespace NodeManager.Core.Storage;

/// <summary>
/// Durable node health. Transitions are written when they happen; last-heartbeat times are
/// coalesced in memory and flushed in one statement per flush (blind writes: the newest wins).
/// </summary>
public interface IHealthStore
{
    /// <summary>Every persisted health record (for start-up), in node id order.</summary>
    Task<IReadOnlyList<NodeHealthState>> LoadHealthAsync(CancellationToken cancellationToken);

    /// <summary>Inserts or replaces the health of each node in one transaction. Nodes no longer registered are skipped.</summary>
    Task SaveHealthAsync(IReadOnlyList<NodeHealthState> states, CancellationToken cancellationToken);

    /// <summary>Sets last_heartbeat_time for each node (where it is newer) in one statement.</summary>
    Task FlushLastHeartbeatsAsync(IReadOnlyList<(Guid NodeId, DateTimeOffset Time)> heartbeats, CancellationToken cancellationToken);

    /// <summary>
    /// True when several server instances may share this store. Liveness is then not only in one
    /// instance's memory: the sweeper reads the flushed heartbeat times of the other instances.
    /// </summary>
    bool Shared { get; }

    /// <summary>
    /// Takes the sweeper lease, or keeps it: one holder among the instances sharing the store, released
    /// when the holder stops or loses its connection. Called once per sweep; false while another instance holds it.
    /// </summary>
    Task<bool> HoldSweeperLeaseAsync(CancellationToken cancellationToken);

    /// <summary>
    /// Records that instance <paramref name="instanceId"/> is alive (by the store's clock) and returns how many
    /// other instances were seen within <paramref name="window"/>. Called once per sweep on a shared store: an
    /// instance with no company keeps its heartbeat times to itself, as on a store of its own.
    /// </summary>
    Task<int> AnnounceInstanceAsync(Guid instanceId, TimeSpan window, CancellationToken cancellationToken);

    /// <summary>
    /// Flushed last-heartbeat times, in one query: of every READY or NOT_READY node silent since before
    /// <paramref name="quietBefore"/> (or never heard from; none when null), and of every node in <paramref name="nodeIds"/>.
    /// </summary>
    Task<IReadOnlyList<(Guid NodeId, DateTimeOffset? Time)>> ReadHeartbeatsAsync(
        DateTimeOffset? quietBefore, IReadOnlyCollection<Guid> nodeIds, CancellationToken cancellationToken);
}
