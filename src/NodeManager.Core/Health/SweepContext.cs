namespace NodeManager.Core.Health;

/// <summary>What one sweep knows about the whole cluster.</summary>
/// <param name="InStartupGrace">The server started less than the startup grace ago: agents may still be reconnecting.</param>
/// <param name="GuardActive">The disruption guard holds: too many ready nodes went stale at once.</param>
public readonly record struct SweepContext(bool InStartupGrace, bool GuardActive)
{
    /// <summary>NOT_READY/DOWN transitions (and probes) are withheld.</summary>
    public bool Withhold => InStartupGrace || GuardActive;
}
