namespace NodeManager.Server.Health;

/// <summary>Cluster-wide health conditions (today: the disruption guard), as the sweeper last decided them.</summary>
public sealed class ClusterHealth
{
    private volatile GuardState _guard = new(false, "", DateTimeOffset.MinValue);

    /// <summary>This silo leads the health sweep: the oldest active silo of the cluster (always, when standalone).</summary>
    public bool SweeperLeader { get; set; }

    public bool GuardActive => _guard.Active;

    public GuardState Guard => _guard;

    /// <summary>Records the guard's state; true when it changed.</summary>
    public bool SetGuard(bool active, string message, DateTimeOffset now)
    {
        if (_guard.Active == active)
        {
            return false;
        }

        _guard = new GuardState(active, message, now);
        return true;
    }

    public sealed record GuardState(bool Active, string Message, DateTimeOffset Since);
}
