using NodeManager.Core.Nodes;

namespace NodeManager.Core.Lifecycle;

/// <summary>
/// The legal lifecycle transitions: REGISTERED → COMMISSIONED ⇄ MAINTENANCE → DECOMMISSIONED, and
/// COMMISSIONED → UPGRADING → COMMISSIONED (done) or MAINTENANCE (failed). DECOMMISSIONED is final.
/// A "transition" to the current state is not in the table: callers treat it as a no-op.
/// </summary>
public static class LifecycleTable
{
    private static readonly IReadOnlyDictionary<LifecycleState, LifecycleState[]> Allowed = new Dictionary<LifecycleState, LifecycleState[]>
    {
        [LifecycleState.Registered] = [LifecycleState.Commissioned],
        [LifecycleState.Commissioned] = [LifecycleState.Maintenance, LifecycleState.Upgrading],
        [LifecycleState.Maintenance] = [LifecycleState.Commissioned, LifecycleState.Decommissioned],
        [LifecycleState.Upgrading] = [LifecycleState.Commissioned, LifecycleState.Maintenance],
        [LifecycleState.Decommissioned] = [],
    };

    /// <summary>The states <paramref name="from"/> may move to, in enum order.</summary>
    public static IReadOnlyList<LifecycleState> AllowedFrom(LifecycleState from) =>
        Allowed.TryGetValue(from, out var targets) ? targets : [];

    public static bool IsAllowed(LifecycleState from, LifecycleState to) => AllowedFrom(from).Contains(to);

    /// <summary>Out of rotation: a selected node in one of these counts against a rolling operation's max_unavailable.</summary>
    public static bool IsUnavailable(LifecycleState state) => state is LifecycleState.Maintenance or LifecycleState.Upgrading;

    /// <summary>Targets a batch operation may name.</summary>
    public static bool IsBatchTarget(LifecycleState state) =>
        state is LifecycleState.Commissioned or LifecycleState.Maintenance or LifecycleState.Upgrading or LifecycleState.Decommissioned;

    /// <summary>"node x is MAINTENANCE; from MAINTENANCE it may go to COMMISSIONED, DECOMMISSIONED".</summary>
    public static string Explain(Guid nodeId, LifecycleState from, LifecycleState to)
    {
        var allowed = AllowedFrom(from);
        var options = allowed.Count == 0 ? "it is final: no transition is allowed" : "it may go to " + string.Join(", ", allowed.Select(Name));
        return $"node {nodeId:D} is {Name(from)} and cannot go to {Name(to)}; from {Name(from)} {options}";
    }

    /// <summary>The wire name without prefix: COMMISSIONED.</summary>
    public static string Name(LifecycleState state) => state switch
    {
        LifecycleState.Registered => "REGISTERED",
        LifecycleState.Commissioned => "COMMISSIONED",
        LifecycleState.Maintenance => "MAINTENANCE",
        LifecycleState.Upgrading => "UPGRADING",
        LifecycleState.Decommissioned => "DECOMMISSIONED",
        _ => "UNSPECIFIED",
    };
}
