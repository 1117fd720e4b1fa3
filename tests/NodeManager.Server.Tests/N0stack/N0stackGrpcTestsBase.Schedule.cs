using Grpc.Core;
using NodeManager.Server.Tests.Infrastructure;
using NodeManager.Server.Tests.Lifecycle;
using NodeManager.Testing;
using Pool = NodeManager.Contracts.N0stack.Pool;

namespace NodeManager.Server.Tests.N0stack;

/// <summary>n0stack's Schedule calls: any COMMISSIONED, READY node with room.</summary>
public abstract partial class N0stackGrpcTestsBase
{

    private static Pool.ScheduleComputeRequest ScheduleVm(string name, uint cpu) =>
        new() { ComputeName = name, RequestCpuMilliCore = cpu, LimitCpuMilliCore = cpu, RequestMemoryBytes = 10, LimitMemoryBytes = 10 };

    /// <summary>Commissions the node and sends one heartbeat, so it is COMMISSIONED and READY.</summary>
    private async Task CommissionAndReadyAsync(string name)
    {
        var id = await IdAsync(name);
        await LifecycleRest.TransitionAsync(Client, id, "COMMISSIONED");
        var ack = await Client.SendAsync(HttpMethod.Post, $"/v1/nodes/{id}/heartbeat", """{"seq":"1"}""");
        Assert.Equal(System.Net.HttpStatusCode.OK, ack.StatusCode);
    }

    [StoreFact]
    public async Task ScheduleCompute_NoCommissionedNode_ResourceExhaustedSayingSo()
    {
        await Nodes.ApplyNodeAsync(NewNode("test", 1), Deadline());

        var error = await Assert.ThrowsAsync<RpcException>(() => Nodes.ScheduleComputeAsync(ScheduleVm("vm-1", 10), Deadline()).ResponseAsync);

        Assert.Equal((StatusCode.ResourceExhausted, "no node fits the compute request 'vm-1': no node is COMMISSIONED"), (error.StatusCode, error.Status.Detail));
        Assert.Empty((await Nodes.GetNodeAsync(new Pool.GetNodeRequest { Name = "test" }, Deadline())).ReservedComputes);
    }

    [StoreFact]
    public async Task ScheduleComputeAndStorage_OneCommissionedReadyNode_PickedAndReservedUntilFull()
    {
        await Nodes.ApplyNodeAsync(NewNode("registered", 1), Deadline());
        await Nodes.ApplyNodeAsync(NewNode("ready", 2), Deadline());
        await Nodes.ApplyNodeAsync(NewNode("silent", 3), Deadline());
        await CommissionAndReadyAsync("ready");
        await LifecycleRest.TransitionAsync(Client, await IdAsync("silent"), "COMMISSIONED"); // never heard from: not READY

        var vm = await Nodes.ScheduleComputeAsync(ScheduleVm("vm-1", 60000), Deadline());
        var volume = await Nodes.ScheduleStorageAsync(new Pool.ScheduleStorageRequest { StorageName = "vol-1", RequestBytes = 1000 }, Deadline());
        var full = await Assert.ThrowsAsync<RpcException>(() => Nodes.ScheduleComputeAsync(ScheduleVm("vm-2", 5000), Deadline()).ResponseAsync);
        var bad = await Assert.ThrowsAsync<RpcException>(() => Nodes.ScheduleStorageAsync(new Pool.ScheduleStorageRequest { StorageName = "vol-2" }, Deadline()).ResponseAsync);

        Assert.Equal(("ready", 60000U, Pool.Node.Types.NodeState.Ready), (vm.Name, vm.ReservedComputes["vm-1"].RequestCpuMilliCore, vm.State));
        Assert.Equal(("ready", 1000UL, 1000UL), (volume.Name, volume.ReservedStorages["vol-1"].RequestBytes, volume.ReservedStorages["vol-1"].LimitBytes));
        Assert.Equal(["vm-1"], volume.ReservedComputes.Keys);
        Assert.Equal(StatusCode.ResourceExhausted, full.StatusCode);
        Assert.Contains("none with room", full.Status.Detail);
        Assert.Equal((StatusCode.InvalidArgument, "request_bytes: must be positive (got 0)"), (bad.StatusCode, bad.Status.Detail));
        var others = (await Nodes.ListNodesAsync(new Pool.ListNodesRequest(), Deadline())).Nodes.Where(n => n.Name != "ready");
        Assert.All(others, n => Assert.Equal((0, 0), (n.ReservedComputes.Count, n.ReservedStorages.Count)));
    }
}
