using NodeManager.Core.Changes;

namespace NodeManager.Core.History;

/// <summary>
/// A page of one node's history in revision order (oldest first when <see cref="Ascending"/>),
/// entries with <see cref="Since"/> ≤ time &lt; <see cref="Until"/> (null = open), of the given kinds
/// (empty = all), after the cursor <see cref="AfterRevision"/> (in the order of the page; null = from the start).
/// </summary>
public sealed record HistoryQuery(Guid NodeId, int Limit)
{
    public DateTimeOffset? Since { get; init; }

    public DateTimeOffset? Until { get; init; }

    public bool Ascending { get; init; }

    public IReadOnlyList<ChangeKind> Kinds { get; init; } = [];

    public long? AfterRevision { get; init; }
}
