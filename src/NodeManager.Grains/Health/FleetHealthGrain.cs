using NodeManager.Abstractions.Health;

namespace NodeManager.Grains.Health;

/// <summary>
/// Keeps the cluster's disruption guard as the sweep's leader last reported it, for the other silos. Nothing is
/// stored: when its silo dies, the next report (within one sweep of a new leader) sets it again.
/// </summary>
public sealed class FleetHealthGrain : Grain, IFleetHealthGrain
{
    private FleetGuard guard = FleetGuard.None;

    public Task<FleetGuard> ReportAsync(FleetGuard reported)
    {
        if (reported.ReportedAt >= guard.ReportedAt)
        {
            guard = reported; // a report from a leader that lost its place late is older than the new leader's: kept out
        }

        return Task.FromResult(guard);
    }

    public ValueTask<FleetGuard> GetAsync() => ValueTask.FromResult(guard);
}
