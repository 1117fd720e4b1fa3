using NodeManager.Core.Health;
using NodeManager.Core.Nodes;
using NodeManager.Server.Health;

namespace NodeManager.Server.Fleet;

/// <summary>
/// The fleet's nodes counted by health status, lifecycle state and rack: one pass over the health registry's
/// entries (every node's status, lifecycle state and location are in memory), no store read.
/// </summary>
public sealed record FleetCounts(int Total, IReadOnlyDictionary<string, int> Health, IReadOnlyDictionary<string, int> Lifecycle, IReadOnlyList<RackSummary> Racks)
{
    public static FleetCounts Of(IReadOnlyList<NodeHealthEntry> entries)
    {
        var health = new int[5];
        var lifecycle = new int[6];
        var racks = new Dictionary<(string Zone, string Rack), int[]>();
        var total = 0;
        foreach (var entry in entries)
        {
            HealthStatus status;
            LifecycleState state;
            NodeLocation location;
            lock (entry.Gate)
            {
                if (entry.Removed)
                {
                    continue;
                }

                status = entry.Status;
                state = entry.Lifecycle;
                location = entry.Spec.Location;
            }

            total++;
            health[(int)status]++;
            lifecycle[(int)state]++;
            if (state == LifecycleState.Decommissioned)
            {
                continue; // out of the fleet: its silence is not judged, so it does not colour its rack
            }

            var key = (location.Zone, location.Rack);
            if (!racks.TryGetValue(key, out var counts))
            {
                racks[key] = counts = new int[5];
            }

            counts[(int)status]++;
        }

        var rackList = racks
            .OrderBy(r => r.Key.Zone, StringComparer.Ordinal)
            .ThenBy(r => r.Key.Rack, StringComparer.Ordinal)
            .Select(r => new RackSummary(r.Key.Zone, r.Key.Rack, r.Value.Sum(), r.Value[(int)HealthStatus.Ready], r.Value[(int)HealthStatus.NotReady],
                r.Value[(int)HealthStatus.Down], r.Value[(int)HealthStatus.Unknown] + r.Value[(int)HealthStatus.Unspecified]))
            .ToList();
        return new FleetCounts(total, Named(health, HealthName), Named(lifecycle, LifecycleName), rackList);
    }

    private static Dictionary<string, int> Named(int[] counts, Func<int, string?> name)
    {
        var named = new Dictionary<string, int>();
        for (var i = 0; i < counts.Length; i++)
        {
            if (name(i) is { } key)
            {
                named[key] = named.GetValueOrDefault(key) + counts[i];
            }
        }

        return named;
    }

    private static string? HealthName(int status) => (HealthStatus)status switch
    {
        HealthStatus.Ready => "READY",
        HealthStatus.NotReady => "NOT_READY",
        HealthStatus.Down => "DOWN",
        _ => "UNKNOWN",
    };

    private static string? LifecycleName(int state) => (LifecycleState)state switch
    {
        LifecycleState.Registered => "REGISTERED",
        LifecycleState.Commissioned => "COMMISSIONED",
        LifecycleState.Maintenance => "MAINTENANCE",
        LifecycleState.Upgrading => "UPGRADING",
        LifecycleState.Decommissioned => "DECOMMISSIONED",
        _ => null,
    };
}
