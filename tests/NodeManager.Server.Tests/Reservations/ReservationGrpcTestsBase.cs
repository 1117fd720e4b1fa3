using Grpc.Core;
using NodeManager.Contracts.V1;
using NodeManager.Server.Tests.Infrastructure;
using NodeManager.Server.Tests.Lifecycle;
using NodeManager.Testing;

namespace NodeManager.Server.Tests.Reservations;

/// <summary>ReservationService over real HTTP/2 with the generated Grpc.Net.Client client, against each store.</summary>
public abstract partial class ReservationGrpcTestsBase : ServerTestBase
{
    private ReservationService.ReservationServiceClient? _reservations;

    protected ReservationService.ReservationServiceClient Reservations => _reservations ??= new(Channel);

    protected static CallOptions Deadline() => new(deadline: DateTime.UtcNow.AddSeconds(60));

    /// <summary>A node with 8 cores, 8 GiB and 1 TB, commissioned, and READY when <paramref name="ready"/> (one heartbeat).</summary>
    protected async Task<string> NodeAsync(int i, string labels = "\"pool\":\"a\"", bool ready = true, long cpu = 8000)
    {
        var created = await Client.SendAsync(HttpMethod.Post, "/v1/nodes",
            "{\"name\":\"res-" + i + "\",\"ip\":\"10.9.0." + i + "\",\"labels\":{" + labels + "},\"capacity\":{\"cpuMilliCores\":\"" + cpu
            + "\",\"memoryBytes\":\"8589934592\",\"storageBytes\":\"1000000000000\"}}");
        Assert.Equal(System.Net.HttpStatusCode.Created, created.StatusCode);
        var id = (await Json.ReadAsync(created))["id"]!.GetValue<string>();
        await LifecycleRest.TransitionAsync(Client, id, "COMMISSIONED");
        if (ready)
        {
            var ack = await Client.SendAsync(HttpMethod.Post, $"/v1/nodes/{id}/heartbeat", """{"seq":"1"}""");
            Assert.Equal(System.Net.HttpStatusCode.OK, ack.StatusCode);
        }

        return id;
    }

    protected static ReserveComputeRequest Compute(string node, string name, long cpu, long memory = 1 << 20, long cpuLimit = 0) =>
        new() { NodeId = node, Name = name, RequestCpuMilliCores = cpu, RequestMemoryBytes = memory, LimitCpuMilliCores = cpuLimit };

    [StoreFact]
    public async Task ReserveCompute_SameNameAgain_IdempotentWithSameValuesAlreadyExistsWithOthers()
    {
        var node = await NodeAsync(1);

        var first = await Reservations.ReserveComputeAsync(Compute(node, "vm-1", 2000, cpuLimit: 4000), Deadline());
        var again = await Reservations.ReserveComputeAsync(Compute(node, "vm-1", 2000, cpuLimit: 4000), Deadline());
        var other = await Assert.ThrowsAsync<RpcException>(() => Reservations.ReserveComputeAsync(Compute(node, "vm-1", 3000), Deadline()).ResponseAsync);

        Assert.Equal((2000L, 4000L, 1L << 20, 1L << 20), (first.RequestCpuMilliCores, first.LimitCpuMilliCores, first.RequestMemoryBytes, first.LimitMemoryBytes));
        Assert.Equal(first, again);
        Assert.Equal(StatusCode.AlreadyExists, other.StatusCode);
        var list = await Reservations.ListReservationsAsync(new ListReservationsRequest { NodeId = node }, Deadline());
        Assert.Equal([first], list.Reservations);
        Assert.Equal((2000L, 6000L), (list.Reserved.CpuMilliCores, list.Free.CpuMilliCores));
    }

    [StoreFact]
    public async Task ReserveAndRelease_Storage_VisibleOnTheNodeOverRest()
    {
        var node = await NodeAsync(1);

        await Reservations.ReserveStorageAsync(new ReserveStorageRequest { NodeId = node, Name = "vol-1", RequestStorageBytes = 400_000_000_000 }, Deadline());
        var rest = await Json.ReadAsync(await Client.SendAsync(HttpMethod.Get, $"/v1/nodes/{node}/reservations"));
        var onNode = await Json.ReadAsync(await Client.SendAsync(HttpMethod.Get, $"/v1/nodes/{node}"));
        var listed = await Json.ReadAsync(await Client.SendAsync(HttpMethod.Get, "/v1/nodes"));
        var released = await Reservations.ReleaseStorageAsync(new ReleaseStorageRequest { NodeId = node, Name = "vol-1" }, Deadline());
        var gone = await Assert.ThrowsAsync<RpcException>(() => Reservations.ReleaseStorageAsync(new ReleaseStorageRequest { NodeId = node, Name = "vol-1" }, Deadline()).ResponseAsync);

        Assert.Equal("RESERVATION_KIND_STORAGE", rest["reservations"]![0]!["kind"]!.GetValue<string>());
        Assert.Equal("600000000000", rest["free"]!["storageBytes"]!.GetValue<string>());
        Assert.Equal("400000000000", onNode["reserved"]!["storageBytes"]!.GetValue<string>());
        Assert.Equal("400000000000", listed["nodes"]!.AsArray().Single(n => n!["id"]!.GetValue<string>() == node)!["reserved"]!["storageBytes"]!.GetValue<string>());
        Assert.Null((await Json.ReadAsync(await Client.SendAsync(HttpMethod.Get, $"/v1/nodes/{node}")))["reserved"]);
        Assert.Equal(400_000_000_000, released.RequestStorageBytes);
        Assert.Equal(StatusCode.NotFound, gone.StatusCode);
        Assert.StartsWith("node ", gone.Status.Detail);
    }

    public static TheoryData<string, long, long, long, string> BadComputeRequests() => new()
    {
        { "vm", 0, 0, 1, "request_cpu_milli_cores" },
        { "vm", -5, 0, 1, "request_cpu_milli_cores" },
        { "vm", 100, 0, 0, "request_memory_bytes" },
        { "vm", 100, 50, 1, "limit_cpu_milli_cores" },
        { "", 100, 0, 1, "name" },
        { "bad name!", 100, 0, 1, "name" },
    };

    [StoreTheory]
    [MemberData(nameof(BadComputeRequests))]
    public async Task ReserveCompute_BadInput_InvalidArgumentNamingTheFieldAndNothingReserved(string name, long cpu, long cpuLimit, long memory, string field)
    {
        var node = await NodeAsync(1);

        var error = await Assert.ThrowsAsync<RpcException>(() => Reservations.ReserveComputeAsync(new ReserveComputeRequest { NodeId = node, Name = name, RequestCpuMilliCores = cpu, LimitCpuMilliCores = cpuLimit, RequestMemoryBytes = memory }, Deadline()).ResponseAsync);

        Assert.Equal(StatusCode.InvalidArgument, error.StatusCode);
        Assert.Contains(field + ":", error.Status.Detail);
        Assert.Empty((await Reservations.ListReservationsAsync(new ListReservationsRequest { NodeId = node }, Deadline())).Reservations);
    }

    [StoreFact]
    public async Task ReserveCompute_OverCapacityOrUnknownNode_NamesTheProblemAndReservesNothing()
    {
        var node = await NodeAsync(1);
        await Reservations.ReserveComputeAsync(Compute(node, "big", 6000), Deadline());

        var over = await Assert.ThrowsAsync<RpcException>(() => Reservations.ReserveComputeAsync(Compute(node, "more", 3000), Deadline()).ResponseAsync);
        var unknown = await Assert.ThrowsAsync<RpcException>(() => Reservations.ReserveComputeAsync(Compute(Guid.NewGuid().ToString(), "x", 1), Deadline()).ResponseAsync);
        var noSuch = await Assert.ThrowsAsync<RpcException>(() => Reservations.ReleaseComputeAsync(new ReleaseComputeRequest { NodeId = node, Name = "nope" }, Deadline()).ResponseAsync);

        Assert.Equal(StatusCode.ResourceExhausted, over.StatusCode);
        Assert.Contains("request_cpu_milli_cores: 3000 asked, 2000 of 8000 free", over.Status.Detail);
        Assert.Equal(StatusCode.NotFound, unknown.StatusCode);
        Assert.Equal(StatusCode.NotFound, noSuch.StatusCode);
        Assert.Contains("'nope'", noSuch.Status.Detail);
        Assert.Single((await Reservations.ListReservationsAsync(new ListReservationsRequest { NodeId = node }, Deadline())).Reservations);
    }

    [StoreFact]
    public async Task ScheduleCompute_BestFitOrSpread_PicksByFreeRoomAmongCommissionedReadyMatching()
    {
        var full = await NodeAsync(1);
        var empty = await NodeAsync(2);
        await NodeAsync(3, labels: "\"pool\":\"b\"");
        var notReady = await NodeAsync(4, ready: false, cpu: 100_000);
        var maintenance = await NodeAsync(5, cpu: 100_000);
        await LifecycleRest.TransitionAsync(Client, maintenance, "MAINTENANCE");
        await Reservations.ReserveComputeAsync(Compute(full, "existing", 5000), Deadline());

        var bestFit = await Reservations.ScheduleComputeAsync(new ScheduleComputeRequest { Name = "a", RequestCpuMilliCores = 2000, RequestMemoryBytes = 1 << 20, LabelSelector = "pool=a" }, Deadline());
        var spread = await Reservations.ScheduleComputeAsync(new ScheduleComputeRequest { Name = "b", RequestCpuMilliCores = 2000, RequestMemoryBytes = 1 << 20, LabelSelector = "pool=a", Policy = PlacementPolicy.Spread }, Deadline());
        var none = await Assert.ThrowsAsync<RpcException>(() => Reservations.ScheduleComputeAsync(new ScheduleComputeRequest { Name = "c", RequestCpuMilliCores = 9000, RequestMemoryBytes = 1 << 20, LabelSelector = "pool=a" }, Deadline()).ResponseAsync);
        var storage = await Reservations.ScheduleStorageAsync(new ScheduleStorageRequest { Name = "vol", RequestStorageBytes = 1000, LabelSelector = "pool=b" }, Deadline());

        Assert.Equal(full, bestFit.NodeId);
        Assert.Equal(empty, spread.NodeId);
        Assert.Equal(StatusCode.ResourceExhausted, none.StatusCode);
        Assert.Contains("none with room", none.Status.Detail);
        Assert.NotEqual(notReady, storage.NodeId);
        Assert.NotEqual(maintenance, storage.NodeId);
        Assert.Empty((await Reservations.ListReservationsAsync(new ListReservationsRequest { NodeId = maintenance }, Deadline())).Reservations);
    }
}
