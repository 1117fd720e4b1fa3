namespace NodeManager.Core.Nodes;

/// <summary>Administrative state of a node; numeric values match the wire enum.</summary>
public enum LifecycleState
{
    Unspecified = 0,
    Registered = 1,
    Commissioned = 2,
    Maintenance = 3,
    Upgrading = 4,
    Decommissioned = 5,
}
