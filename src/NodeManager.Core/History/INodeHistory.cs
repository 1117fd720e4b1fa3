namespace NodeManager.Core.History;

/// <summary>
/// Per-node history. The stores write it themselves, in the transaction of each change that appends a
/// change event (never per heartbeat); this port reads and prunes it.
/// </summary>
public interface INodeHistory
{
    Task<IReadOnlyList<HistoryEntry>> ReadHistoryAsync(HistoryQuery query, CancellationToken cancellationToken);

    /// <summary>True when any entry of node <paramref name="nodeId"/> is kept (a deleted node's history stays).</summary>
    Task<bool> HasHistoryAsync(Guid nodeId, CancellationToken cancellationToken);

    /// <summary>Deletes at most <paramref name="batchSize"/> entries older than <paramref name="olderThan"/>; returns how many went.</summary>
    Task<int> PruneHistoryAsync(DateTimeOffset olderThan, int batchSize, CancellationToken cancellationToken);
}
