using System.Net;
using NodeManager.Agent.Facts;
using NodeManager.Agent.Hosting;
using NodeManager.Agent.Registration;
using NodeManager.Agent.Tests.Infrastructure;
using NodeManager.Contracts.V1;

namespace NodeManager.Agent.Tests.Registration;

public sealed class NodeSpecBuilderTests
{
    private static HostObservation Host(string serial = "SN1")
    {
        var eth0 = new NetworkInterfaceFacts("eth0", "aa:bb:cc:dd:ee:01", "up", true, false, [IPAddress.Parse("10.0.0.7")]);
        var facts = new HostFacts("Node-07", 4, new MemoryInfo(8L << 30, 4L << 30), new DiskUsage(100L << 30, 50L << 30), [eth0], "eth0", serial);
        return new HostObservation(facts, eth0);
    }

    [Fact]
    public void Build_Facts_NodeFieldsFilled()
    {
        var options = new AgentOptions { AgentPort = 50052, Labels = { ["rack"] = "r1" } };
        var node = NodeSpecBuilder.Build(Host(), options);

        Assert.Equal("node-07", node.Name);
        Assert.Equal("10.0.0.7", node.Ip);
        Assert.Equal("aa:bb:cc:dd:ee:01", node.Mac);
        Assert.Equal("eth0", node.Veth);
        Assert.Equal("10.0.0.7", node.ManagementAddress);
        Assert.Equal(50052, node.AgentPort);
        Assert.Equal("SN1", node.SerialNumber);
        Assert.Equal(new Capacity { CpuMilliCores = 4000, MemoryBytes = 8L << 30, StorageBytes = 100L << 30 }, node.Capacity);
        Assert.Equal("r1", node.Labels["rack"]);
    }

    [Fact]
    public void Build_NoPrimaryInterface_Explains()
    {
        var host = Host() with { Primary = null };
        var ex = Assert.Throws<AgentRegistrationException>(() => NodeSpecBuilder.Build(host, new AgentOptions { Interface = "eth9" }));
        Assert.Contains("'eth9' does not exist (have: eth0)", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Apply_KeepsOperatorFields_ChangesOnlyWhatDiffers()
    {
        var desired = NodeSpecBuilder.Build(Host(serial: ""), new AgentOptions { Labels = { ["rack"] = "r1" } });
        var current = desired.Clone();
        current.Id = Guid.NewGuid().ToString("D");
        current.Version = 3;
        current.SerialNumber = "FROM-IMPORT";
        current.Labels["env"] = "prod";
        current.Location = new Location { Rack = "r1" };

        var target = current.Clone();
        Assert.False(NodeSpecBuilder.Apply(target, desired));

        desired.Ip = "10.0.0.8";
        Assert.True(NodeSpecBuilder.Apply(target, desired));
        Assert.Equal("10.0.0.8", target.Ip);
        Assert.Equal("FROM-IMPORT", target.SerialNumber);
        Assert.Equal("prod", target.Labels["env"]);
        Assert.Equal("r1", target.Location.Rack);
        Assert.Equal(3, target.Version);
    }

    [Fact]
    public void NodeIdStore_WriteThenRead_SameId()
    {
        using var dir = new TempDirectory();
        var store = new NodeIdStore(dir.File("sub/node-id"));
        Assert.Null(store.Read());
        var id = Guid.NewGuid();
        store.Write(id);
        Assert.Equal(id, new NodeIdStore(dir.File("sub/node-id")).Read());
    }
}
