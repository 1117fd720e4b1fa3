using Google.Protobuf.WellKnownTypes;
using NodeManager.Grpc;
using NodeManager.Server.Tests.Infrastructure;
using NodeManager.Testing;
using Budget = NodeManager.Contracts.N0stack.Budget;
using Pool = NodeManager.Contracts.N0stack.Pool;

namespace NodeManager.Server.Tests.N0stack;

/// <summary>n0stack's Reserve/Release calls over the reservation engine.</summary>
public abstract partial class N0stackGrpcTestsBase
{
    private static readonly Method<Pool.ReserveComputeRequest, Pool.Node> ReserveCompute = new(Service, "ReserveCompute", Pool.Node.Parser);
    private static readonly Method<Pool.ReleaseComputeRequest, Empty> ReleaseCompute = new(Service, "ReleaseCompute", Empty.Parser);
    private static readonly Method<Pool.ReserveStorageRequest, Pool.Node> ReserveStorage = new(Service, "ReserveStorage", Pool.Node.Parser);
    private static readonly Method<Pool.ReleaseStorageRequest, Empty> ReleaseStorage = new(Service, "ReleaseStorage", Empty.Parser);

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
        await Channel.UnaryAsync(Apply, NewNode("test", 1), Deadline());
        var request = Compute();
        request.Annotations["n0core/reserved_by"] = "vm-1"; // accepted, not stored

        var reserved = await Channel.UnaryAsync(ReserveCompute, request, Deadline());
        var again = await Channel.UnaryAsync(ReserveCompute, Compute(), Deadline());
        var other = await Assert.ThrowsAsync<RpcException>(() => Channel.UnaryAsync(ReserveCompute, Compute(cpu: 20, cpuLimit: 20), Deadline()));

        var expected = new Budget.Compute { RequestCpuMilliCore = 10, LimitCpuMilliCore = 10, RequestMemoryBytes = 10, LimitMemoryBytes = 10 };
        Assert.Equal(("test", expected), (reserved.Name, reserved.ReservedComputes["test-reserve"]));
        Assert.Equal(reserved, again);
        Assert.Equal(reserved, await Channel.UnaryAsync(Get, new Pool.GetNodeRequest { Name = "test" }, Deadline()));
        Assert.Equal(reserved, Assert.Single((await Channel.UnaryAsync(List, new Pool.ListNodesRequest(), Deadline())).Nodes));
        Assert.Equal(StatusCode.AlreadyExists, other.StatusCode);
        Assert.StartsWith("node 'test' already holds a compute reservation named 'test-reserve'", other.Status.Detail);

        var id = await IdAsync("test");
        var native = await Json.ReadAsync(await Client.SendAsync(HttpMethod.Get, $"/v1/nodes/{id}/reservations"));
        Assert.Equal(("test-reserve", "10"), (native["reservations"]![0]!["name"]!.GetValue<string>(), native["reserved"]!["cpuMilliCores"]!.GetValue<string>()));
    }

    [StoreFact]
    public async Task ReserveAndReleaseStorage_DocumentedCalls_ReservedThenGoneAndSecondReleaseNotFound()
    {
        await Channel.UnaryAsync(Apply, NewNode("test", 1), Deadline());

        var reserved = await Channel.UnaryAsync(ReserveStorage, Storage(), Deadline());
        await Channel.UnaryAsync(ReleaseStorage, new Pool.ReleaseStorageRequest { Name = "test", StorageName = "test-reserve" }, Deadline());
        var after = await Channel.UnaryAsync(Get, new Pool.GetNodeRequest { Name = "test" }, Deadline());
        var again = await Assert.ThrowsAsync<RpcException>(() =>
            Channel.UnaryAsync(ReleaseStorage, new Pool.ReleaseStorageRequest { Name = "test", StorageName = "test-reserve" }, Deadline()));

        Assert.Equal(new Budget.Storage { RequestBytes = 10, LimitBytes = 10 }, reserved.ReservedStorages["test-reserve"]);
        Assert.Empty(reserved.ReservedComputes);
        Assert.Empty(after.ReservedStorages);
        Assert.Equal((StatusCode.NotFound, "node 'test' holds no storage reservation named 'test-reserve'"), (again.StatusCode, again.Status.Detail));
    }

    [StoreFact]
    public async Task ReserveAndReleaseCompute_OverCapacityOrUnknownNode_NamesItInN0stackTermsAndReservesNothing()
    {
        await Channel.UnaryAsync(Apply, NewNode("test", 1), Deadline()); // 64000 milli-cores
        await Channel.UnaryAsync(ReserveCompute, Compute(cpu: 60000, cpuLimit: 0, name: "big"), Deadline());

        var over = await Assert.ThrowsAsync<RpcException>(() => Channel.UnaryAsync(ReserveCompute, Compute(cpu: 5000, cpuLimit: 0), Deadline()));
        var storage = await Assert.ThrowsAsync<RpcException>(() => Channel.UnaryAsync(ReserveStorage, Storage(bytes: 1UL << 41, limit: 0), Deadline()));
        var unknown = await Assert.ThrowsAsync<RpcException>(() => Channel.UnaryAsync(ReserveCompute, Compute(node: "nope"), Deadline()));
        var release = await Assert.ThrowsAsync<RpcException>(() =>
            Channel.UnaryAsync(ReleaseCompute, new Pool.ReleaseComputeRequest { Name = "nope", ComputeName = "test-reserve" }, Deadline()));
        var noSuch = await Assert.ThrowsAsync<RpcException>(() =>
            Channel.UnaryAsync(ReleaseCompute, new Pool.ReleaseComputeRequest { Name = "test", ComputeName = "test-reserve" }, Deadline()));

        Assert.Equal((StatusCode.ResourceExhausted, "node 'test' has no room: request_cpu_milli_core: 5000 asked, 4000 of 64000 free"), (over.StatusCode, over.Status.Detail));
        Assert.Equal(StatusCode.ResourceExhausted, storage.StatusCode);
        Assert.Contains("request_bytes: 2199023255552 asked, 1099511627776 of 1099511627776 free", storage.Status.Detail);
        Assert.Equal((StatusCode.NotFound, "node 'nope' not found"), (unknown.StatusCode, unknown.Status.Detail));
        Assert.Equal((StatusCode.NotFound, "node 'nope' not found"), (release.StatusCode, release.Status.Detail));
        Assert.Equal((StatusCode.NotFound, "node 'test' holds no compute reservation named 'test-reserve'"), (noSuch.StatusCode, noSuch.Status.Detail));
        var node = await Channel.UnaryAsync(Get, new Pool.GetNodeRequest { Name = "test" }, Deadline());
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
        await Channel.UnaryAsync(Apply, NewNode("test", 1), Deadline());

        var error = await Assert.ThrowsAsync<RpcException>(() => kind == "compute"
            ? Channel.UnaryAsync(ReserveCompute, Compute(cpu: (uint)request, cpuLimit: (uint)limit, name: name), Deadline())
            : Channel.UnaryAsync(ReserveStorage, Storage(bytes: request, limit: limit, name: name), Deadline()));

        Assert.Equal(StatusCode.InvalidArgument, error.StatusCode);
        Assert.StartsWith(expected, error.Status.Detail);
        var node = await Channel.UnaryAsync(Get, new Pool.GetNodeRequest { Name = "test" }, Deadline());
        Assert.Equal((0, 0), (node.ReservedComputes.Count, node.ReservedStorages.Count));
    }

    private async Task<string> IdAsync(string name)
    {
        var listed = await Json.ReadAsync(await Client.SendAsync(HttpMethod.Get, $"/v1/nodes?name={name}"));
        return listed["nodes"]![0]!["id"]!.GetValue<string>();
    }
}
