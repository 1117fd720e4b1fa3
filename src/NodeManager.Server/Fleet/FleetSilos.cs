using Orleans;
using Orleans.Runtime;

namespace NodeManager.Server.Fleet;

/// <summary>The silos of the cluster from Orleans' membership table (<see cref="IManagementGrain.GetDetailedHosts"/>).</summary>
public sealed class FleetSilos(IGrainFactory grains, ILocalSiloDetails local)
{
    /// <summary>How long dead silos stay listed (a cluster's membership table keeps them for days).</summary>
    private static readonly TimeSpan DeadShownFor = TimeSpan.FromHours(1);

    public async Task<IReadOnlyList<SiloSummary>> ListAsync(DateTimeOffset now)
    {
        var hosts = await grains.GetGrain<IManagementGrain>(0).GetDetailedHosts(onlyActive: false);
        return hosts
            .Where(h => h.Status != SiloStatus.Dead || now - Utc(h.IAmAliveTime) < DeadShownFor)
            .OrderBy(h => h.Status == SiloStatus.Dead)
            .ThenBy(h => h.StartTime)
            .Select(h => new SiloSummary(
                h.SiloAddress.ToString(),
                h.SiloName ?? "",
                h.HostName ?? "",
                h.Status.ToString().ToUpperInvariant(),
                Utc(h.StartTime),
                Utc(h.IAmAliveTime),
                h.SiloAddress.Equals(local.SiloAddress)))
            .ToList();
    }

    /// <summary>Orleans writes these times from the UTC clock; a table may give them back without a kind.</summary>
    private static DateTimeOffset Utc(DateTime time) =>
        new(time.Kind == DateTimeKind.Unspecified ? DateTime.SpecifyKind(time, DateTimeKind.Utc) : time.ToUniversalTime(), TimeSpan.Zero);
}
