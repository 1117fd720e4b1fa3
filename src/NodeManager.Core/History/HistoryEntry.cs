using NodeManager.Core.Changes;

namespace NodeManager.Core.History;

/// <summary>
/// One change of one node as its history keeps it: written in the transaction of the change (with the
/// change event of the same <see cref="Revision"/>), kept for the history's own retention, however the
/// change feed is compacted. <see cref="Actor"/> is who did it ("" when unknown).
/// </summary>
public sealed record HistoryEntry(
    long Revision,
    DateTimeOffset Time,
    ChangeKind Kind,
    Guid NodeId,
    string Actor,
    HistoryDetail Detail);
