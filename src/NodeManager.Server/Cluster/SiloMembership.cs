using Orleans.Runtime;

namespace NodeManager.Server.Cluster;

/// <summary>
/// Which silos of the cluster are alive, from Orleans' membership (Redis for a cluster, this process's
/// memory for the standalone silo). The health sweeper of the oldest active silo judges silent nodes for the
/// whole cluster; every silo knows whether it is alone.
/// </summary>
public sealed class SiloMembership(IClusterMembershipService membership, ILocalSiloDetails local)
{
    /// <summary>
    /// Whether this silo is the oldest active one (lowest generation, then address: every silo that sees the
    /// same membership version picks the same), and how many other silos are active. A silo not yet active
    /// (still joining) or no longer active (shutting down, declared dead) is not the leader.
    /// </summary>
    public (bool Leader, int Others) Current()
    {
        SiloAddress? oldest = null;
        var active = 0;
        var selfActive = false;
        foreach (var member in membership.CurrentSnapshot.Members.Values)
        {
            if (member.Status != SiloStatus.Active)
            {
                continue;
            }

            active++;
            selfActive |= member.SiloAddress.Equals(local.SiloAddress);
            if (oldest is null || Older(member.SiloAddress, oldest))
            {
                oldest = member.SiloAddress;
            }
        }

        return (selfActive && local.SiloAddress.Equals(oldest), selfActive ? active - 1 : active);
    }

    private static bool Older(SiloAddress a, SiloAddress b) =>
        a.Generation != b.Generation ? a.Generation < b.Generation : string.CompareOrdinal(a.ToParsableString(), b.ToParsableString()) < 0;
}
