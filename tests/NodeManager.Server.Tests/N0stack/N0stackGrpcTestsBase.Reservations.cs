using Grpc.Core;
using NodeManager.Server.Tests.Infrastructure;
using NodeManager.Testing;
using Budget = NodeManager.Contracts.N0stack.Budget;
using Pool = NodeManager.Contracts.N0stack.Pool;

namespace NodeManager.Server.Tests.N0stack;

/// <summary>n0stack's Reserve/Release calls over the reservation engine.</summary>
public abstract partial class N0stackGrpcTestsBase
{

    /// <summary>n0stack's documented ReserveCompute (10 of everything), with other values when given.</summary>
    private static Pool.ReserveComputeRequest Compute(string node = "test", uint cpu = 10, uint cpuLimit = 10, ulong memory = 10, string name = "test-reserve") => new()
    {
        Name = node, ComputeName = name, RequestCpuMilliCore = cpu, LimitCpuMilliCore = cpuLimit, RequestMemoryBytes = memory, LimitMemoryBytes = memory,
    };

    private static Pool.ReserveStorageRequest Storage(string node = "test", ulong bytes = 10, ulong limit = 10, string name = "test-reserve") =>
        new() { Name = node, StorageName = name, RequestBytes = bytes, LimitBytes = limit };

    [StoreFact]
    public async Task ReserveCompute_DocumentedCall_NodeCarriesReservationAndSameAgainIsIdempotent()
    {
        await Nodes.ApplyNodeAsync(NewNode("test", 1), Deadline());
        var request = Compute();
        request.Annotations["n0core/reserved_by"] = "vm-1"; // accepted, not stored

        var reserved = await Nodes.ReserveComputeAsync(request, Deadline());
        var again = await Nodes.ReserveComputeAsync(Compute(), Deadline());
        var other = await Assert.ThrowsAsync<RpcException>(() => Nodes.ReserveComputeAsync(Compute(cpu: 20, cpuLimit: 20), Deadline()).ResponseAsync);

        var expected = new Budget.Compute { RequestCpuMilliCore = 10, LimitCpuMilliCore = 10, RequestMemoryBytes = 10, LimitMemoryBytes = 10 };
        Assert.Equal(("test", expected), (reserved.Name, reserved.ReservedComputes["test-reserve"]));
        Assert.Equal(reserved, again);
        Assert.Equal(reserved, await Nodes.GetNodeAsync(new Pool.GetNodeRequest { Name = "test" }, Deadline()));
        Assert.Equal(reserved, Assert.Single((await Nodes.ListNodesAsync(new Pool.ListNodesRequest(), Deadline())).Nodes));
        Assert.Equal(StatusCode.AlreadyExists, other.StatusCode);
        Assert.StartsWith("node 'test' already holds a compute reservation named 'test-reserve'", other.Status.Detail);

        var id = await IdAsync("test");
        var native = await Json.ReadAsync(await Client.SendAsync(HttpMethod.Get, $"/v1/nodes/{id}/reservations"));
        Assert.Equal(("test-reserve", "10"), (native["reservations"]![0]!["name"]!.GetValue<string>(), native["reserved"]!["cpuMilliCores"]!.GetValue<string>()));
    }

    [StoreFact]
    public async Task ReserveAndReleaseStorage_DocumentedCalls_ReservedThenGoneAndSecondReleaseNotFound()
    {
        await Nodes.ApplyNodeAsync(NewNode("test", 1), Deadline());

        var reserved = await Nodes.ReserveStorageAsync(Storage(), Deadline());
        await Nodes.ReleaseStorageAsync(new Pool.ReleaseStorageRequest { Name = "test", StorageName = "test-reserve" }, Deadline());
        var after = await Nodes.GetNodeAsync(new Pool.GetNodeRequest { Name = "test" }, Deadline());
        var again = await Assert.ThrowsAsync<RpcException>(() =>
            Nodes.ReleaseStorageAsync(new Pool.ReleaseStorageRequest { Name = "test", StorageName = "test-reserve" }, Deadline()).ResponseAsync);

        Assert.Equal(new Budget.Storage { RequestBytes = 10, LimitBytes = 10 }, reserved.ReservedStorages["test-reserve"]);
        Assert.Empty(reserved.ReservedComputes);
        Assert.Empty(after.ReservedStorages);
        Assert.Equal((StatusCode.NotFound, "node 'test' holds no storage reservation named 'test-reserve'"), (again.StatusCode, again.Status.Detail));
    }

    [StoreFact]
    public async Task ReserveAndReleaseCompute_OverCapacityOrUnknownNode_NamesItInN0stackTermsAndReservesNothing()
    {
        await Nodes.ApplyNodeAsync(NewNode("test", 1), Deadline()); // 64000 milli-cores
        await Nodes.ReserveComputeAsync(Compute(cpu: 60000, cpuLimit: 0, name: "big"), Deadline());

        var over = await Assert.ThrowsAsync<RpcException>(() => Nodes.ReserveComputeAsync(Compute(cpu: 5000, cpuLimit: 0), Deadline()).ResponseAsync);
        var storage = await Assert.ThrowsAsync<RpcException>(() => Nodes.ReserveStorageAsync(Storage(bytes: 1UL << 41, limit: 0), Deadline()).ResponseAsync);
        var unknown = await Assert.ThrowsAsync<RpcException>(() => Nodes.ReserveComputeAsync(Compute(node: "nope"), Deadline()).ResponseAsync);
        var release = await Assert.ThrowsAsync<RpcException>(() =>
            Nodes.ReleaseComputeAsync(new Pool.ReleaseComputeRequest { Name = "nope", ComputeName = "test-reserve" }, Deadline()).ResponseAsync);
        var noSuch = await Assert.ThrowsAsync<RpcException>(() =>
            Nodes.ReleaseComputeAsync(new Pool.ReleaseComputeRequest { Name = "test", ComputeName = "test-reserve" }, Deadline()).ResponseAsync);

        Assert.Equal((StatusCode.ResourceExhausted, "node 'test' has no room: request_cpu_milli_core: 5000 asked, 4000 of 64000 free"), (over.StatusCode, over.Status.Detail));
        Assert.Equal(StatusCode.ResourceExhausted, storage.StatusCode);
        Assert.Contains("request_bytes: 2199023255552 asked, 1099511627776 of 1099511627776 free", storage.Status.Detail);
        Assert.Equal((StatusCode.NotFound, "node 'nope' not found"), (unknown.StatusCode, unknown.Status.Detail));
        Assert.Equal((StatusCode.NotFound, "node 'nope' not found"), (release.StatusCode, release.Status.Detail));
        Assert.Equal((StatusCode.NotFound, "node 'test' holds no compute reservation named 'test-reserve'"), (noSuch.StatusCode, noSuch.Status.Detail));
        var node = await Nodes.GetNodeAsync(new Pool.GetNodeRequest { Name = "test" }, Deadline());
        Assert.Equal(["big"], node.ReservedComputes.Keys);
        Assert.Empty(node.ReservedStorages);
    }

    public static TheoryData<string, string, ulong, ulong, string> BadRequests() => new()
    {
        { "compute", "", 10, 10, "compute_name: is required" },
        { "compute", "bad name!", 10, 10, "compute_name: " },
        { "compute", "vm", 0, 0, "request_cpu_milli_core: must be positive" },
        { "compute", "vm", 100, 50, "limit_cpu_milli_core: must be at least request_cpu_milli_core (100); got 50" },
        { "storage", "", 10, 10, "storage_name: is required" },
        { "storage", "vol", 0, 0, "request_bytes: must be positive" },
        { "storage", "vol", 100, 50, "limit_bytes: must be at least request_bytes (100); got 50" },
    };

    [StoreTheory]
    [MemberData(nameof(BadRequests))]
    public async Task Reserve_BadInput_InvalidArgumentNamingN0stackFieldAndNothingReserved(string kind, string name, ulong request, ulong limit, string expected)
    {
        await Nodes.ApplyNodeAsync(NewNode("test", 1), Deadline());

        var error = await Assert.ThrowsAsync<RpcException>(() => kind == "compute"
            ? Nodes.ReserveComputeAsync(Compute(cpu: (uint)request, cpuLimit: (uint)limit, name: name), Deadline()).ResponseAsync
            : Nodes.ReserveStorageAsync(Storage(bytes: request, limit: limit, name: name), Deadline()).ResponseAsync);

        Assert.Equal(StatusCode.InvalidArgument, error.StatusCode);
        Assert.StartsWith(expected, error.Status.Detail);
        var node = await Nodes.GetNodeAsync(new Pool.GetNodeRequest { Name = "test" }, Deadline());
        Assert.Equal((0, 0), (node.ReservedComputes.Count, node.ReservedStorages.Count));
    }

    private async Task<string> IdAsync(string name)
    {
        var listed = await Json.ReadAsync(await Client.SendAsync(HttpMethod.Get, $"/v1/nodes?name={name}"));
        return listed["nodes"]![0]!["id"]!.GetValue<string>();
    }
}
