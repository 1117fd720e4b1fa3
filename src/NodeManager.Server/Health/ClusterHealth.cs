using NodeManager.Abstractions.Health;

namespace NodeManager.Server.Health;

/// <summary>
/// Cluster-wide health conditions (today: the disruption guard) as this silo knows them: decided by its own
/// sweep when it leads, otherwise the leader's verdict as last read from the FleetHealthGrain.
/// </summary>
public sealed class ClusterHealth
{
    private volatile GuardState _guard = new(false, "", DateTimeOffset.MinValue);
    private volatile bool _withhold;

    /// <summary>This silo leads the health sweep: the oldest active silo of the cluster (always, when standalone).</summary>
    public bool SweeperLeader { get; set; }

    public bool GuardActive => _guard.Active;

    /// <summary>The guard is active, or cleared less than one grace period ago: NOT_READY/DOWN transitions are withheld.</summary>
    public bool Withhold => _withhold;

    public GuardState Guard => _guard;

    /// <summary>Records the guard's state as this silo's sweep decided it; true when it changed.</summary>
    public bool SetGuard(bool active, string message, DateTimeOffset now)
    {
        if (_guard.Active == active)
        {
            return false;
        }

        _guard = new GuardState(active, message, now);
        return true;
    }

    public void SetWithhold(bool withhold) => _withhold = withhold;

    /// <summary>Adopts the leader's verdict (this silo does not lead); true when the guard's state changed.</summary>
    public bool Adopt(FleetGuard fleet)
    {
        _withhold = fleet.Withhold;
        if (_guard.Active == fleet.Active && _guard.Since == fleet.Since)
        {
            return false;
        }

        _guard = new GuardState(fleet.Active, fleet.Message, fleet.Since);
        return true;
    }

    public sealed record GuardState(bool Active, string Message, DateTimeOffset Since);
}
