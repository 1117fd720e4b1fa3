using NodeManager.Core.Nodes;

namespace NodeManager.Storage.Tests;

/// <summary>Nodes with every field set, distinct per index, at microsecond-aligned times.</summary>
internal static class TestNodes
{
    /// <summary>2025-01-02T03:04:05.123456Z: a time both stores keep exactly.</summary>
    public static readonly DateTimeOffset T0 = new DateTimeOffset(2025, 1, 2, 3, 4, 5, TimeSpan.Zero).AddTicks(1_234_560);

    public static NodeSpec Spec(int i, string prefix = "node") => new()
    {
        Name = $"{prefix}-{i:D6}.dc1.example",
        Ip = $"10.{i / 65536 % 256}.{i / 256 % 256}.{i % 256}",
        Mac = $"02:00:{i >> 24 & 0xff:x2}:{i >> 16 & 0xff:x2}:{i >> 8 & 0xff:x2}:{i & 0xff:x2}",
        Veth = $"veth{i % 1000}",
        DataPathIp = $"fd00::{i:x}",
        ManagementAddress = $"bmc-{i}.mgmt.example",
        AgentPort = 7000 + (i % 1000),
        HostDvrMac = "0a:1b:2c:3d:4e:5f",
        SerialNumber = $"SN-{i:D8}",
        Location = new NodeLocation("region-1", $"zone-{i % 3}", $"rack-{i % 40}", $"u{i % 42}"),
        Labels = new SortedDictionary<string, string>(StringComparer.Ordinal) { ["pool"] = $"p{i % 4}", ["example.com/tier"] = "gold" },
        Capacity = new NodeCapacity(64_000, 256L << 30, 4L << 40),
        Devices =
        [
            new NodeDevice(DeviceKind.Gpu, "A100", 8, new Dictionary<string, string> { ["memory"] = "80Gi" }),
            new NodeDevice(DeviceKind.SmartNic, "BlueField-3", 1, new Dictionary<string, string>()),
        ],
    };

    public static Node Node(int i, string prefix = "node", LifecycleState state = LifecycleState.Registered) =>
        new(Guid.NewGuid(), Spec(i, prefix), state, 1, T0.AddMinutes(i % 100), T0.AddMinutes(i % 100));

    /// <summary>Ids compare as their lowercase text does: the order both stores list in.</summary>
    public static IEnumerable<Node> InIdOrder(this IEnumerable<Node> nodes) =>
        nodes.OrderBy(n => n.IdText, StringComparer.Ordinal);
}
