using Grpc.Health.V1;
using Grpc.Reflection.V1Alpha;
using NodeManager.Contracts.V1;
using NodeManager.Grpc;
using NodeManager.Server.Tests.Infrastructure;
using NodeManager.Testing;

namespace NodeManager.Server.Tests.Grpc;

/// <summary>NodeService, health and reflection over real HTTP/2 with our client, against each store.</summary>
public abstract class NodeGrpcTestsBase : ServerTestBase
{
    private const string Service = "nodemanager.v1.NodeService";
    private static readonly Method<CreateNodeRequest, Node> Create = new(Service, "CreateNode", Node.Parser);
    private static readonly Method<GetNodeRequest, Node> Get = new(Service, "GetNode", Node.Parser);
    private static readonly Method<UpdateNodeRequest, Node> Update = new(Service, "UpdateNode", Node.Parser);
    private static readonly Method<DeleteNodeRequest, DeleteNodeResponse> Delete = new(Service, "DeleteNode", DeleteNodeResponse.Parser);
    private static readonly Method<ListNodesRequest, ListNodesResponse> List = new(Service, "ListNodes", ListNodesResponse.Parser);
    private static readonly Method<BatchGetNodesRequest, BatchGetNodesResponse> BatchGet = new(Service, "BatchGetNodes", BatchGetNodesResponse.Parser);
    private static readonly Method<ImportNodesRequest, ImportNodesResponse> Import = new(Service, "ImportNodes", ImportNodesResponse.Parser);

    private GrpcChannel? _channel;

    private GrpcChannel Channel => _channel ??= GrpcChannel.ForAddress(Server.Grpc);

    public override async Task DisposeAsync()
    {
        _channel?.Dispose();
        await base.DisposeAsync();
    }

    private static CallOptions Deadline() => new(Deadline: DateTime.UtcNow.AddSeconds(30));

    private static Node NewNode(int i) => new() { Name = $"g-{i}", Ip = $"10.7.0.{i + 1}", Mac = $"02:00:00:07:00:{i:x2}", Labels = { ["env"] = i % 2 == 0 ? "prod" : "dev" } };

    [StoreFact]
    public async Task NodeService_CrudOverGrpc_BehavesLikeRest()
    {
        var created = await Channel.UnaryAsync(Create, new CreateNodeRequest { Node = NewNode(1) }, Deadline());
        Assert.Equal((1L, LifecycleState.Registered), (created.Version, created.LifecycleState));

        var read = await Channel.UnaryAsync(Get, new GetNodeRequest { Id = created.Id }, Deadline());
        Assert.Equal(created, read);

        var change = created.Clone();
        change.Veth = "veth3";
        var updated = await Channel.UnaryAsync(Update, new UpdateNodeRequest { Node = change }, Deadline());
        Assert.Equal((2L, "veth3"), (updated.Version, updated.Veth));

        var stale = await Assert.ThrowsAsync<RpcException>(() => Channel.UnaryAsync(Update, new UpdateNodeRequest { Node = change }, Deadline()));
        Assert.Equal(StatusCode.Aborted, stale.StatusCode);

        var rest = await Json.ReadAsync(await Client.SendAsync(HttpMethod.Get, $"/v1/nodes/{created.Id}"));
        Assert.Equal("veth3", rest["veth"]!.GetValue<string>());

        await Channel.UnaryAsync(Delete, new DeleteNodeRequest { Id = created.Id, Version = 2 }, Deadline());
        var gone = await Assert.ThrowsAsync<RpcException>(() => Channel.UnaryAsync(Get, new GetNodeRequest { Id = created.Id }, Deadline()));
        Assert.Equal(StatusCode.NotFound, gone.StatusCode);
    }

    [StoreFact]
    public async Task NodeService_BadInput_ReturnsInvalidArgumentNamingTheField()
    {
        var bad = NewNode(1);
        bad.Ip = "10.0.0.256";
        var ex = await Assert.ThrowsAsync<RpcException>(() => Channel.UnaryAsync(Create, new CreateNodeRequest { Node = bad }, Deadline()));
        Assert.Equal(StatusCode.InvalidArgument, ex.StatusCode);
        Assert.StartsWith("ip: ", ex.Status.Detail);

        var badId = await Assert.ThrowsAsync<RpcException>(() => Channel.UnaryAsync(Get, new GetNodeRequest { Id = "x" }, Deadline()));
        Assert.Equal(StatusCode.InvalidArgument, badId.StatusCode);
        Assert.StartsWith("id: ", badId.Status.Detail);
    }

    [StoreFact]
    public async Task NodeService_Duplicate_ReturnsAlreadyExistsNamingTheOtherNode()
    {
        var first = await Channel.UnaryAsync(Create, new CreateNodeRequest { Node = NewNode(1) }, Deadline());
        var dup = NewNode(2);
        dup.Name = first.Name;
        var ex = await Assert.ThrowsAsync<RpcException>(() => Channel.UnaryAsync(Create, new CreateNodeRequest { Node = dup }, Deadline()));
        Assert.Equal(StatusCode.AlreadyExists, ex.StatusCode);
        Assert.Contains(first.Id, ex.Status.Detail);
    }

    [StoreFact]
    public async Task NodeService_ImportListAndBatchGet_Work()
    {
        var request = new ImportNodesRequest();
        request.Nodes.AddRange(Enumerable.Range(0, 10).Select(NewNode));
        var report = await Channel.UnaryAsync(Import, request, Deadline());
        Assert.True(report.Applied);
        Assert.Equal(10, report.Summary.Created);
        var again = await Channel.UnaryAsync(Import, request, Deadline());
        Assert.Equal(10, again.Summary.Unchanged);

        var prod = await Channel.UnaryAsync(List, new ListNodesRequest { LabelSelector = "env=prod", PageSize = 3 }, Deadline());
        Assert.Equal(3, prod.Nodes.Count);
        Assert.NotEmpty(prod.NextPageToken);

        var batch = await Channel.UnaryAsync(BatchGet, new BatchGetNodesRequest { Ids = { prod.Nodes[0].Id, "3fa85f64-5717-4562-b3fc-2c963f66afa6" } }, Deadline());
        Assert.Single(batch.Nodes);
        Assert.Equal("3fa85f64-5717-4562-b3fc-2c963f66afa6", Assert.Single(batch.MissingIds));
    }

    [StoreFact]
    public async Task Health_Check_ReportsServingWhenStoreReachable()
    {
        var check = new Method<HealthCheckRequest, HealthCheckResponse>("grpc.health.v1.Health", "Check", HealthCheckResponse.Parser);
        var whole = await Channel.UnaryAsync(check, new HealthCheckRequest(), Deadline());
        Assert.Equal(HealthCheckResponse.Types.ServingStatus.Serving, whole.Status);
        var node = await Channel.UnaryAsync(check, new HealthCheckRequest { Service = Service }, Deadline());
        Assert.Equal(HealthCheckResponse.Types.ServingStatus.Serving, node.Status);
    }

    [StoreFact]
    public async Task Reflection_ListServices_IncludesNodeServiceAndHealth()
    {
        var info = new Method<ServerReflectionRequest, ServerReflectionResponse>("grpc.reflection.v1alpha.ServerReflection", "ServerReflectionInfo", ServerReflectionResponse.Parser, MethodType.DuplexStreaming);
        using var call = Channel.DuplexStreaming(info, Deadline());
        await call.RequestStream.WriteAsync(new ServerReflectionRequest { ListServices = "" });
        await call.RequestStream.CompleteAsync();
        Assert.True(await call.ResponseStream.MoveNext(CancellationToken.None));
        var names = call.ResponseStream.Current.ListServicesResponse.Service.Select(s => s.Name).ToList();
        Assert.Contains(Service, names);
        Assert.Contains("grpc.health.v1.Health", names);
    }

    [StoreFact]
    public async Task UnknownMethod_ReturnsUnimplemented()
    {
        var missing = new Method<GetNodeRequest, Node>(Service, "Teleport", Node.Parser);
        var ex = await Assert.ThrowsAsync<RpcException>(() => Channel.UnaryAsync(missing, new GetNodeRequest(), Deadline()));
        Assert.Equal(StatusCode.Unimplemented, ex.StatusCode);
    }
}
