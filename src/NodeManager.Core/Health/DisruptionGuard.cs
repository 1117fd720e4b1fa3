namespace NodeManager.Core.Health;

/// <summary>
/// When a large share of ready nodes goes stale in one sweep the fault is presumed to be ours
/// (network, store, this instance), not theirs: transitions are withheld until it clears.
/// </summary>
public static class DisruptionGuard
{
    public const string ConditionType = "DisruptionGuard";

    public static bool Trips(int readyNodes, int staleReadyNodes, HealthPolicy policy) =>
        readyNodes > 0 && staleReadyNodes >= policy.DisruptionMinNodes && (double)staleReadyNodes / readyNodes > policy.DisruptionThreshold;
}
