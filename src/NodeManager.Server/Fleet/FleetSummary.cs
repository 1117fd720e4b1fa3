namespace NodeManager.Server.Fleet;

/// <summary>
/// <c>GET /v1/fleet/summary</c>: what the dashboard's overview shows, computed from this instance's memory.
/// Counts are keyed by the protobuf enum names without their prefix (READY, COMMISSIONED, ...).
/// </summary>
public sealed record FleetSummary(
    DateTimeOffset GeneratedAt,
    long Revision,
    int Total,
    IReadOnlyDictionary<string, int> Health,
    IReadOnlyDictionary<string, int> Lifecycle,
    IReadOnlyList<RackSummary> Racks,
    IReadOnlyList<FleetCondition> ClusterConditions,
    IReadOnlyList<SiloSummary> Silos,
    DashboardLink Dashboard);

/// <summary>One rack of one zone: its nodes by health status (DECOMMISSIONED nodes are left out).</summary>
public sealed record RackSummary(string Zone, string Rack, int Total, int Ready, int NotReady, int Down, int Unknown);

/// <summary>A condition of the cluster (the disruption guard, the start-up hold, the membership store).</summary>
public sealed record FleetCondition(string Type, bool Status, string Message, DateTimeOffset? LastTransitionTime);

/// <summary>A silo of the Orleans cluster as its membership table records it.</summary>
public sealed record SiloSummary(string Address, string Name, string HostName, string Status, DateTimeOffset StartTime, DateTimeOffset IAmAliveTime, bool Self);

/// <summary>Where the Orleans Dashboard is served, when it is.</summary>
public sealed record DashboardLink(bool Enabled, string Path);
