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

    /// <summary>
    /// Inserts or replaces the health of each node in one transaction. Nodes no longer registered are skipped.
    /// <paramref name="actors"/>[i] is who made states[i] (e.g. "agent:&lt;id&gt;" for an authenticated agent's heartbeat),
    /// recorded in the node's history; missing or empty = the server (<c>system</c>).
    /// </summary>
    Task SaveHealthAsync(IReadOnlyList<NodeHealthState> states, IReadOnlyList<string> actors, CancellationToken cancellationToken);

    /// <summary>As above, every transition the server's own.</summary>
    Task SaveHealthAsync(IReadOnlyList<NodeHealthState> states, CancellationToken cancellationToken) => SaveHealthAsync(states, [], cancellationToken);

    /// <summary>Sets last_heartbeat_time for each node (where it is newer) in one statement.</summary>
    Task FlushLastHeartbeatsAsync(IReadOnlyList<(Guid NodeId, DateTimeOffset Time)> heartbeats, CancellationToken cancellationToken);

    /// <summary>
    /// True when several silos may share this store (PostgreSQL). Liveness is then not only in one silo's
    /// memory: the health sweeper reads back the heartbeat times the other silos flushed.
    /// </summary>
    bool Shared { get; }

    /// <summary>
    /// Flushed last-heartbeat times, in one query: of every READY or NOT_READY node silent since before
    /// <paramref name="quietBefore"/> (or never heard from; none when null), and of every node in <paramref name="nodeIds"/>.
    /// </summary>
    Task<IReadOnlyList<(Guid NodeId, DateTimeOffset? Time)>> ReadHeartbeatsAsync(
        DateTimeOffset? quietBefore, IReadOnlyCollection<Guid> nodeIds, CancellationToken cancellationToken);
}
