using NodeManager.Core.Changes;

namespace NodeManager.Core.Storage;

/// <summary>
/// The change feed. Every state change of <see cref="INodeStore"/> and <see cref="IHealthStore"/>
/// (node created, updated, deleted, imported; health saved) appends its <see cref="ChangeEvent"/>
/// in the same transaction; heartbeat-time flushes do not.
/// </summary>
public interface IChangeFeed
{
    /// <summary>Events with revision greater than <paramref name="afterRevision"/>, in revision order, at most <paramref name="limit"/>.</summary>
    Task<IReadOnlyList<ChangeEvent>> ReadEventsAsync(long afterRevision, int limit, CancellationToken cancellationToken);

    Task<RevisionRange> GetRevisionRangeAsync(CancellationToken cancellationToken);

    /// <summary>Deletes events older than <paramref name="olderThan"/>, always keeping the newest <paramref name="keepAtLeast"/>; returns how many went.</summary>
    Task<int> CompactEventsAsync(DateTimeOffset olderThan, int keepAtLeast, CancellationToken cancellationToken);

    /// <summary>
    /// Completes when new events may have been committed (by this process or, with PostgreSQL, any
    /// instance: LISTEN/NOTIFY), or after <paramref name="timeout"/>. Spurious wake-ups are allowed.
    /// </summary>
    Task WaitForEventsAsync(TimeSpan timeout, CancellationToken cancellationToken);
}
