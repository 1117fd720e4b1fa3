namespace NodeManager.Core.Health;

/// <summary>
/// The durable health of one node: what the API shows and what is persisted on a transition.
/// Immutable; the evaluator returns a new one when something an observer would see changed.
/// Liveness bookkeeping that changes with every heartbeat lives in the server's in-memory entry,
/// not here (see <see cref="HealthEvaluator"/>). <see cref="Expected"/>: decided while the node was in
/// MAINTENANCE or UPGRADING, so observers need not act on it.
/// </summary>
public sealed record NodeHealthState(
    Guid NodeId,
    HealthStatus Status,
    string Reason,
    string Message,
    DecidedBy DecidedBy,
    DateTimeOffset? LastHeartbeatTime,
    DateTimeOffset LastTransitionTime,
    IReadOnlyList<HealthCondition> Conditions,
    int FlapCount,
    bool Expected = false)
{
    /// <summary>A registered node never heard from.</summary>
    public static NodeHealthState Initial(Guid nodeId, DateTimeOffset now) =>
        new(nodeId, HealthStatus.Unknown, "NeverHeartbeated", "no heartbeat received yet", DecidedBy.Unspecified, null, now, [], 0);
}
