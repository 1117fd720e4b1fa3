namespace NodeManager.Abstractions.Health;

/// <summary>
/// The disruption guard of the whole cluster (DESIGN §5), one grain (key 0). The health sweep's leader — the
/// oldest active silo, which counts the ready and suspect nodes of the whole fleet — reports its counts and its
/// verdict every sweep; every other silo reads the verdict every sweep and keeps it, so a NodeGrain deciding a
/// transition reads its silo's memory, never this grain.
/// </summary>
[Alias("nm.IFleetHealthGrain")]
public interface IFleetHealthGrain : IGrainWithIntegerKey
{
    /// <summary>The leader's counts and verdict; returns what the grain keeps.</summary>
    [Alias("Report")]
    Task<FleetGuard> ReportAsync(FleetGuard guard);

    /// <summary>The last verdict reported (inactive before the first report).</summary>
    [Alias("Get")]
    ValueTask<FleetGuard> GetAsync();
}

/// <summary>The disruption guard as the leader's last sweep decided it.</summary>
/// <param name="Active">Too many ready nodes went stale at once: NOT_READY/DOWN transitions are withheld.</param>
/// <param name="Message">Why, while <paramref name="Active"/>.</param>
/// <param name="Since">When it last changed (<see cref="DateTimeOffset.MinValue"/>: never).</param>
/// <param name="Withhold">Active, or cleared less than one grace period ago: silent nodes are still not judged.</param>
/// <param name="Ready">Ready nodes the leader counted.</param>
/// <param name="Suspect">Of those, silent for all but one interval of the grace (or whose stream broke).</param>
/// <param name="ReportedAt">When the leader's sweep counted them.</param>
[GenerateSerializer, Immutable, Alias("nm.FleetGuard")]
public sealed record FleetGuard(
    [property: Id(0)] bool Active,
    [property: Id(1)] string Message,
    [property: Id(2)] DateTimeOffset Since,
    [property: Id(3)] bool Withhold,
    [property: Id(4)] int Ready,
    [property: Id(5)] int Suspect,
    [property: Id(6)] DateTimeOffset ReportedAt)
{
    public static FleetGuard None { get; } = new(false, "", DateTimeOffset.MinValue, false, 0, 0, DateTimeOffset.MinValue);
}
