using Google.Protobuf;
using Grpc.Core;
using Grpc.Health.V1;
using Grpc.Reflection.V1Alpha;
using NodeManager.Contracts.V1;
using NodeManager.Server.Tests.Infrastructure;
using NodeManager.Testing;
using GrpcHealth = Grpc.Health.V1.Health;

namespace NodeManager.Server.Tests.Grpc;

/// <summary>NodeService, health and reflection over real HTTP/2 with the generated Grpc.Net.Client clients, against each store.</summary>
public abstract class NodeGrpcTestsBase : ServerTestBase
{
    private const string Service = "nodemanager.v1.NodeService";

    private NodeService.NodeServiceClient? _nodes;

    private NodeService.NodeServiceClient Nodes => _nodes ??= new(Channel);

    private static CallOptions Deadline() => new(deadline: DateTime.UtcNow.AddSeconds(30));

    /// <summary>For a method no generated client has (an unknown one).</summary>
    private static Marshaller<T> ProtoMarshaller<T>(MessageParser<T> parser)
        where T : IMessage<T> => Marshallers.Create(m => m.ToByteArray(), parser.ParseFrom);

    private static Node NewNode(int i) => new() { Name = $"g-{i}", Ip = $"10.7.0.{i + 1}", Mac = $"02:00:00:07:00:{i:x2}", Labels = { ["env"] = i % 2 == 0 ? "prod" : "dev" } };

    [StoreFact]
    public async Task NodeService_CrudOverGrpc_BehavesLikeRest()
    {
        var created = await Nodes.CreateNodeAsync(new CreateNodeRequest { Node = NewNode(1) }, Deadline());
        Assert.Equal((1L, LifecycleState.Registered), (created.Version, created.LifecycleState));

        var read = await Nodes.GetNodeAsync(new GetNodeRequest { Id = created.Id }, Deadline());
        Assert.Equal(created, read);

        var change = created.Clone();
        change.Veth = "veth3";
        var updated = await Nodes.UpdateNodeAsync(new UpdateNodeRequest { Node = change }, Deadline());
        Assert.Equal((2L, "veth3"), (updated.Version, updated.Veth));

        var stale = await Assert.ThrowsAsync<RpcException>(() => Nodes.UpdateNodeAsync(new UpdateNodeRequest { Node = change }, Deadline()).ResponseAsync);
        Assert.Equal(StatusCode.Aborted, stale.StatusCode);

        var rest = await Json.ReadAsync(await Client.SendAsync(HttpMethod.Get, $"/v1/nodes/{created.Id}"));
        Assert.Equal("veth3", rest["veth"]!.GetValue<string>());

        await Nodes.DeleteNodeAsync(new DeleteNodeRequest { Id = created.Id, Version = 2 }, Deadline());
        var gone = await Assert.ThrowsAsync<RpcException>(() => Nodes.GetNodeAsync(new GetNodeRequest { Id = created.Id }, Deadline()).ResponseAsync);
        Assert.Equal(StatusCode.NotFound, gone.StatusCode);
    }

    [StoreFact]
    public async Task NodeService_BadInput_ReturnsInvalidArgumentNamingTheField()
    {
        var bad = NewNode(1);
        bad.Ip = "10.0.0.256";
        var ex = await Assert.ThrowsAsync<RpcException>(() => Nodes.CreateNodeAsync(new CreateNodeRequest { Node = bad }, Deadline()).ResponseAsync);
        Assert.Equal(StatusCode.InvalidArgument, ex.StatusCode);
        Assert.StartsWith("ip: ", ex.Status.Detail);

        var badId = await Assert.ThrowsAsync<RpcException>(() => Nodes.GetNodeAsync(new GetNodeRequest { Id = "x" }, Deadline()).ResponseAsync);
        Assert.Equal(StatusCode.InvalidArgument, badId.StatusCode);
        Assert.StartsWith("id: ", badId.Status.Detail);
    }

    [StoreFact]
    public async Task NodeService_Duplicate_ReturnsAlreadyExistsNamingTheOtherNode()
    {
        var first = await Nodes.CreateNodeAsync(new CreateNodeRequest { Node = NewNode(1) }, Deadline());
        var dup = NewNode(2);
        dup.Name = first.Name;
        var ex = await Assert.ThrowsAsync<RpcException>(() => Nodes.CreateNodeAsync(new CreateNodeRequest { Node = dup }, Deadline()).ResponseAsync);
        Assert.Equal(StatusCode.AlreadyExists, ex.StatusCode);
        Assert.Contains(first.Id, ex.Status.Detail);
    }

    [StoreFact]
    public async Task NodeService_ImportListAndBatchGet_Work()
    {
        var request = new ImportNodesRequest();
        request.Nodes.AddRange(Enumerable.Range(0, 10).Select(NewNode));
        var report = await Nodes.ImportNodesAsync(request, Deadline());
        Assert.True(report.Applied);
        Assert.Equal(10, report.Summary.Created);
        var again = await Nodes.ImportNodesAsync(request, Deadline());
        Assert.Equal(10, again.Summary.Unchanged);

        var prod = await Nodes.ListNodesAsync(new ListNodesRequest { LabelSelector = "env=prod", PageSize = 3 }, Deadline());
        Assert.Equal(3, prod.Nodes.Count);
        Assert.NotEmpty(prod.NextPageToken);

        var batch = await Nodes.BatchGetNodesAsync(new BatchGetNodesRequest { Ids = { prod.Nodes[0].Id, "3fa85f64-5717-4562-b3fc-2c963f66afa6" } }, Deadline());
        Assert.Single(batch.Nodes);
        Assert.Equal("3fa85f64-5717-4562-b3fc-2c963f66afa6", Assert.Single(batch.MissingIds));
    }

    [StoreFact]
    public async Task Health_Check_ReportsServingWhenStoreReachable()
    {
        var health = new GrpcHealth.HealthClient(Channel);
        var whole = await health.CheckAsync(new HealthCheckRequest(), Deadline());
        Assert.Equal(HealthCheckResponse.Types.ServingStatus.Serving, whole.Status);
        var node = await health.CheckAsync(new HealthCheckRequest { Service = Service }, Deadline());
        Assert.Equal(HealthCheckResponse.Types.ServingStatus.Serving, node.Status);
    }

    [StoreFact]
    public async Task Reflection_ListServices_IncludesNodeServiceAndHealth()
    {
        using var call = new ServerReflection.ServerReflectionClient(Channel).ServerReflectionInfo(Deadline());
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
        var missing = new Method<GetNodeRequest, Node>(MethodType.Unary, Service, "Teleport", ProtoMarshaller(GetNodeRequest.Parser), ProtoMarshaller(Node.Parser));
        var ex = await Assert.ThrowsAsync<RpcException>(() => Channel.CreateCallInvoker().AsyncUnaryCall(missing, null, Deadline(), new GetNodeRequest()).ResponseAsync);
        Assert.Equal(StatusCode.Unimplemented, ex.StatusCode);
    }
}
