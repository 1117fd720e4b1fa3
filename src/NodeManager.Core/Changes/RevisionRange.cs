namespace NodeManager.Core.Changes;

/// <summary>
/// The revisions a store can replay: every event after <see cref="CompactedThrough"/> up to and
/// including <see cref="Head"/>. Resuming after a revision below <see cref="CompactedThrough"/> is impossible (relist).
/// </summary>
public readonly record struct RevisionRange(long CompactedThrough, long Head);
