using Grpc.Core;
using NodeManager.Server.Tests.Infrastructure;
using NodeManager.Testing;
using Pool = NodeManager.Contracts.N0stack.Pool;

namespace NodeManager.Server.Tests.N0stack;

/// <summary><c>n0stack.pool.NodeService</c> over real HTTP/2 with the generated Grpc.Net.Client client, against each store.</summary>
public abstract partial class N0stackGrpcTestsBase : ServerTestBase
{
    private Pool.NodeService.NodeServiceClient? _nodes;

    private Pool.NodeService.NodeServiceClient Nodes => _nodes ??= new(Channel);

    private static CallOptions Deadline() => new(deadline: DateTime.UtcNow.AddSeconds(30));

    private static Pool.ApplyNodeRequest NewNode(string name, int i) => new()
    {
        Name = name, Address = $"10.8.0.{i}", IpmiAddress = $"10.9.0.{i}", Serial = $"SN{i}",
        CpuMilliCores = 64000, MemoryBytes = 1UL << 38, StorageBytes = 1UL << 40,
        Datacenter = "tokyo", AvailabilityZone = "a", Cell = "c1", Rack = "r1", Unit = 7,
        Labels = { ["env"] = "prod" }, Annotations = { ["owner"] = "team-a" },
    };

    [StoreFact]
    public async Task ApplyNode_NewName_CreatesNodeVisibleToNativeApi()
    {
        var applied = await Nodes.ApplyNodeAsync(NewNode("test", 1), Deadline());
        Assert.Equal(("test", 1UL, "10.8.0.1", 7U, "c1", "team-a", "prod"),
            (applied.Name, applied.Version, applied.Address, applied.Unit, applied.Cell, applied.Annotations["owner"], applied.Labels["env"]));
        Assert.Equal(Pool.Node.Types.NodeState.NodeUnspecified, applied.State);

        var native = await Json.ReadAsync(await Client.SendAsync(HttpMethod.Get, "/v1/nodes?name=test"));
        var node = Assert.Single(native["nodes"]!.AsArray())!;
        Assert.Equal(("10.8.0.1", "10.9.0.1", "SN1", "tokyo", "a", "r1", "7", "64000"),
            (node["ip"]!.GetValue<string>(), node["managementAddress"]!.GetValue<string>(), node["serialNumber"]!.GetValue<string>(),
             node["location"]!["region"]!.GetValue<string>(), node["location"]!["zone"]!.GetValue<string>(), node["location"]!["rack"]!.GetValue<string>(),
             node["location"]!["position"]!.GetValue<string>(), node["capacity"]!["cpuMilliCores"]!.GetValue<string>()));
        Assert.Equal(applied, await Nodes.GetNodeAsync(new Pool.GetNodeRequest { Name = "test" }, Deadline()));
    }

    [StoreFact]
    public async Task ApplyNode_ExistingName_UpdatesAndKeepsFieldsN0stackDoesNotModel()
    {
        var created = await CreateAsync(3); // node-3 with a MAC
        var change = NewNode("node-3", 3);
        change.Address = created["ip"]!.GetValue<string>();
        change.Version = 1;
        var applied = await Nodes.ApplyNodeAsync(change, Deadline());
        Assert.Equal(2UL, applied.Version);

        var native = await Json.ReadAsync(await Client.SendAsync(HttpMethod.Get, $"/v1/nodes/{created["id"]!.GetValue<string>()}"));
        Assert.Equal((created["mac"]!.GetValue<string>(), "tokyo", "team-a"),
            (native["mac"]!.GetValue<string>(), native["location"]!["region"]!.GetValue<string>(), native["labels"]!["n0stack.annotation/owner"]!.GetValue<string>()));

        var stale = await Assert.ThrowsAsync<RpcException>(() => Nodes.ApplyNodeAsync(change, Deadline()).ResponseAsync);
        Assert.Equal(StatusCode.Aborted, stale.StatusCode);
    }

    [StoreFact]
    public async Task ApplyNode_BadInput_InvalidArgumentNamingN0stackFieldAndWritesNothing()
    {
        var bad = NewNode("test", 1);
        bad.Address = "10.8.0.300";
        var ex = await Assert.ThrowsAsync<RpcException>(() => Nodes.ApplyNodeAsync(bad, Deadline()).ResponseAsync);
        Assert.Equal(StatusCode.InvalidArgument, ex.StatusCode);
        Assert.StartsWith("address: ", ex.Status.Detail);

        var noName = await Assert.ThrowsAsync<RpcException>(() => Nodes.ApplyNodeAsync(new Pool.ApplyNodeRequest { Address = "10.8.0.1" }, Deadline()).ResponseAsync);
        Assert.StartsWith("name: ", noName.Status.Detail);
        var badAnnotation = NewNode("test", 1);
        badAnnotation.Annotations["n0stack/x"] = "y";
        var annotation = await Assert.ThrowsAsync<RpcException>(() => Nodes.ApplyNodeAsync(badAnnotation, Deadline()).ResponseAsync);
        Assert.StartsWith("annotations[n0stack/x]: ", annotation.Status.Detail);
        Assert.Equal(0, await CountAsync());
    }

    [StoreFact]
    public async Task GetAndDeleteNode_UnknownName_NotFoundNamingIt()
    {
        var get = await Assert.ThrowsAsync<RpcException>(() => Nodes.GetNodeAsync(new Pool.GetNodeRequest { Name = "test" }, Deadline()).ResponseAsync);
        Assert.Equal((StatusCode.NotFound, "node 'test' not found"), (get.StatusCode, get.Status.Detail));
        var delete = await Assert.ThrowsAsync<RpcException>(() => Nodes.DeleteNodeAsync(new Pool.DeleteNodeRequest { Name = "test" }, Deadline()).ResponseAsync);
        Assert.Equal(StatusCode.NotFound, delete.StatusCode);
        var empty = await Assert.ThrowsAsync<RpcException>(() => Nodes.GetNodeAsync(new Pool.GetNodeRequest(), Deadline()).ResponseAsync);
        Assert.Equal(StatusCode.InvalidArgument, empty.StatusCode);
    }

    [StoreFact]
    public async Task ListAndDelete_ByName_ListsEveryNodeAndDeletesOne()
    {
        for (var i = 1; i <= 3; i++)
        {
            await Nodes.ApplyNodeAsync(NewNode($"n{i}", i), Deadline());
        }

        var list = await Nodes.ListNodesAsync(new Pool.ListNodesRequest(), Deadline());
        Assert.Equal(["n1", "n2", "n3"], list.Nodes.Select(n => n.Name).Order());

        await Nodes.DeleteNodeAsync(new Pool.DeleteNodeRequest { Name = "n2" }, Deadline());
        Assert.Equal(2, (await Nodes.ListNodesAsync(new Pool.ListNodesRequest(), Deadline())).Nodes.Count);
        Assert.Equal(2, await CountAsync());
    }
}
