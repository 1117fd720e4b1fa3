using NodeManager.Core.Nodes;

namespace NodeManager.Core.Tests;

/// <summary>Shared fixtures: one fixed clock reading and a valid, already canonical spec.</summary>
internal static class TestData
{
    public static readonly DateTimeOffset Now = new(2025, 11, 22, 10, 30, 0, TimeSpan.Zero);

    public static readonly DateTimeOffset Earlier = new(2025, 1, 1, 0, 0, 0, TimeSpan.Zero);

    public static NodeSpec Spec(string name, string ip, string mac = "") => new()
    {
        Name = name,
        Ip = ip,
        Mac = mac,
    };

    public static Node ExistingNode(string id, NodeSpec spec, long version = 3) =>
        new(Guid.Parse(id), spec, LifecycleState.Commissioned, version, Earlier, Earlier);
}
