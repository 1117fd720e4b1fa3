using System.Net;
using Grpc.Core;
using NodeManager.Contracts.V1;
using NodeManager.Server.Tests.Infrastructure;

namespace NodeManager.Server.Tests.Security;

/// <summary>An agent (node token: <c>sub</c> = its node, <c>role</c> = agent) acts on its own node only.</summary>
public sealed class AgentConfinementTests : SecuredServerTestBase
{
    private readonly Guid _a = Guid.NewGuid();

    private async Task<Node> CreateOtherNodeAsync()
    {
        var nodes = new NodeService.NodeServiceClient(Channel);
        return await nodes.CreateNodeAsync(new CreateNodeRequest { Node = new Node { Name = "other", Ip = "10.9.0.2" } }, As(Tokens.Operator("operator")));
    }

    private async Task<Node> RegisterOwnNodeAsync() =>
        await new NodeService.NodeServiceClient(Channel).CreateNodeAsync(
            new CreateNodeRequest { Node = new Node { Id = _a.ToString(), Name = "own", Ip = "10.9.0.1" } }, As(Tokens.Node(_a)));

    [Fact]
    public async Task Agent_RegistersReadsUpdatesAndHeartbeatsItsOwnNode()
    {
        var agent = Tokens.Node(_a);
        var nodes = new NodeService.NodeServiceClient(Channel);
        var created = await RegisterOwnNodeAsync();
        Assert.Equal(_a.ToString(), created.Id);

        var read = await nodes.GetNodeAsync(new GetNodeRequest { Id = created.Id }, As(agent));
        read.Name = "own-renamed";
        read.Health = null;
        var updated = await nodes.UpdateNodeAsync(new UpdateNodeRequest { Node = read }, As(agent));
        Assert.Equal("own-renamed", updated.Name);

        var health = new HealthService.HealthServiceClient(Channel);
        using var stream = health.StreamHeartbeats(As(agent));
        await stream.RequestStream.WriteAsync(new Heartbeat { NodeId = created.Id, Seq = 1 });
        Assert.True(await stream.ResponseStream.MoveNext());
        Assert.Equal(1UL, stream.ResponseStream.Current.Seq);
        await stream.RequestStream.CompleteAsync();

        Assert.Equal(HttpStatusCode.OK, (await SendAsync(agent, HttpMethod.Post, $"/v1/nodes/{created.Id}/heartbeat", "{\"seq\":2}")).StatusCode);
    }

    [Fact]
    public async Task Agent_CannotCreateAnotherNode_NothingWritten()
    {
        var other = Guid.NewGuid();
        var nodes = new NodeService.NodeServiceClient(Channel);
        var ex = await Assert.ThrowsAsync<RpcException>(() => nodes.CreateNodeAsync(
            new CreateNodeRequest { Node = new Node { Id = other.ToString(), Name = "x", Ip = "10.9.0.3" } }, As(Tokens.Node(_a))).ResponseAsync);
        Assert.Equal(StatusCode.PermissionDenied, ex.StatusCode);
        var noId = await Assert.ThrowsAsync<RpcException>(() => nodes.CreateNodeAsync(
            new CreateNodeRequest { Node = new Node { Name = "y", Ip = "10.9.0.4" } }, As(Tokens.Node(_a))).ResponseAsync);
        Assert.Equal(StatusCode.PermissionDenied, noId.StatusCode);
        Assert.Empty((await nodes.ListNodesAsync(new ListNodesRequest(), As(Tokens.Operator("viewer")))).Nodes);
    }

    [Fact]
    public async Task AgentA_UpdatingOrReadingNodeB_IsPermissionDenied_BUnchanged()
    {
        await RegisterOwnNodeAsync();
        var b = await CreateOtherNodeAsync();
        var agent = Tokens.Node(_a);
        var nodes = new NodeService.NodeServiceClient(Channel);

        var changed = b.Clone();
        changed.Name = "hijacked";
        changed.Health = null;
        var update = await Assert.ThrowsAsync<RpcException>(() => nodes.UpdateNodeAsync(new UpdateNodeRequest { Node = changed }, As(agent)).ResponseAsync);
        Assert.Equal(StatusCode.PermissionDenied, update.StatusCode);
        var get = await Assert.ThrowsAsync<RpcException>(() => nodes.GetNodeAsync(new GetNodeRequest { Id = b.Id }, As(agent)).ResponseAsync);
        Assert.Equal(StatusCode.PermissionDenied, get.StatusCode);
        var list = await Assert.ThrowsAsync<RpcException>(() => nodes.ListNodesAsync(new ListNodesRequest(), As(agent)).ResponseAsync);
        Assert.Equal(StatusCode.PermissionDenied, list.StatusCode);

        var rest = await SendAsync(agent, HttpMethod.Put, $"/v1/nodes/{b.Id}", "{\"name\":\"hijacked\",\"ip\":\"10.9.0.2\"}");
        Assert.Equal(HttpStatusCode.Forbidden, rest.StatusCode);
        Assert.Contains("PERMISSION_DENIED", await rest.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Forbidden, (await SendAsync(agent, HttpMethod.Delete, $"/v1/nodes/{b.Id}")).StatusCode);

        var after = await nodes.GetNodeAsync(new GetNodeRequest { Id = b.Id }, As(Tokens.Operator("viewer")));
        Assert.Equal("other", after.Name);
        Assert.Equal(b.Version, after.Version);
    }

    [Fact]
    public async Task AgentA_HeartbeatingNodeB_IsPermissionDenied_BHealthUnchangedAndCounted()
    {
        var own = await RegisterOwnNodeAsync();
        var b = await CreateOtherNodeAsync();
        var agent = Tokens.Node(_a);
        var health = new HealthService.HealthServiceClient(Channel);
        var viewer = Tokens.Operator("viewer");
        var before = await health.GetNodeHealthAsync(new GetNodeHealthRequest { NodeId = b.Id }, As(viewer));

        // On a stream: its own node first, then B's id; the stream ends with PERMISSION_DENIED.
        using (var stream = health.StreamHeartbeats(As(agent)))
        {
            await stream.RequestStream.WriteAsync(new Heartbeat { NodeId = own.Id, Seq = 1 });
            Assert.True(await stream.ResponseStream.MoveNext());
            await stream.RequestStream.WriteAsync(new Heartbeat { NodeId = b.Id, Seq = 2 });
            var ex = await Assert.ThrowsAsync<RpcException>(() => stream.ResponseStream.MoveNext());
            Assert.Equal(StatusCode.PermissionDenied, ex.StatusCode);
        }

        // A stream that starts with B's id.
        using (var stream = health.StreamHeartbeats(As(agent)))
        {
            await stream.RequestStream.WriteAsync(new Heartbeat { NodeId = b.Id, Seq = 1 });
            var ex = await Assert.ThrowsAsync<RpcException>(() => stream.ResponseStream.MoveNext());
            Assert.Equal(StatusCode.PermissionDenied, ex.StatusCode);
        }

        var unary = await Assert.ThrowsAsync<RpcException>(() => health.ReportHeartbeatAsync(new Heartbeat { NodeId = b.Id, Seq = 3 }, As(agent)).ResponseAsync);
        Assert.Equal(StatusCode.PermissionDenied, unary.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await SendAsync(agent, HttpMethod.Post, $"/v1/nodes/{b.Id}/heartbeat", "{}")).StatusCode);

        var after = await health.GetNodeHealthAsync(new GetNodeHealthRequest { NodeId = b.Id }, As(viewer));
        Assert.Equal(before.Status, after.Status);
        Assert.Equal(before.LastHeartbeatTime, after.LastHeartbeatTime);
        Assert.Null(after.LastHeartbeatTime);

        var metrics = await (await SendAsync(viewer, HttpMethod.Get, "/metrics")).Content.ReadAsStringAsync();
        var line = metrics.Split('\n').Single(l => l.StartsWith("nodemanager_security_denied_total", StringComparison.Ordinal));
        Assert.Equal(4, double.Parse(line.Split(' ')[^1], System.Globalization.CultureInfo.InvariantCulture));
    }

    [Fact]
    public async Task Operator_IsNotConfined()
    {
        var b = await CreateOtherNodeAsync();
        var ack = await new HealthService.HealthServiceClient(Channel).ReportHeartbeatAsync(new Heartbeat { NodeId = b.Id, Seq = 1 }, As(Tokens.Operator("operator")));
        Assert.Equal(1UL, ack.Seq);
    }

    [Theory]
    [InlineData("admin")]
    [InlineData("operator")]
    public async Task NodeKeySignedToken_WithAnotherRole_IsRefused(string role)
    {
        // The node key signs agents only: a token it signed that claims more is not a credential.
        var response = await SendAsync(Tokens.Node(_a, role: role), HttpMethod.Get, "/v1/nodes");
        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    [Fact]
    public async Task NodeToken_SignedWithAnotherKey_IsRefused()
    {
        var ex = await Assert.ThrowsAsync<RpcException>(() => new NodeService.NodeServiceClient(Channel).CreateNodeAsync(
            new CreateNodeRequest { Node = new Node { Id = _a.ToString(), Name = "own", Ip = "10.9.0.1" } }, As(Tokens.Node(_a, key: new Tokens().NodeKey))).ResponseAsync);
        Assert.Equal(StatusCode.Unauthenticated, ex.StatusCode);
    }
}
