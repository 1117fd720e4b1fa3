using NodeManager.Contracts.V1;

namespace NodeManager.Simulator.Measure;

/// <summary>A health event as the watch delivered it, stamped with the simulator's monotonic clock.</summary>
public readonly record struct WatchedTransition(string NodeId, HealthStatus Status, DecidedBy DecidedBy, long Revision, long SeenAt, DateTimeOffset? DecidedAt = null);
