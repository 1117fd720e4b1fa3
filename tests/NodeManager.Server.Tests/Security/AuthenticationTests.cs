using System.Net;
using Grpc.Core;
using NodeManager.Contracts.V1;
using NodeManager.Server.Tests.Infrastructure;

namespace NodeManager.Server.Tests.Security;

/// <summary>With authentication configured: who gets in, over REST and gRPC, and which tokens are refused.</summary>
public sealed class AuthenticationTests : SecuredServerTestBase
{
    [Fact]
    public async Task Rest_WithoutToken_Is401WithChallenge()
    {
        var response = await SendAsync(null, HttpMethod.Get, "/v1/nodes");
        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Contains("Bearer", response.Headers.WwwAuthenticate.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Grpc_WithoutToken_IsUnauthenticated()
    {
        var client = new NodeService.NodeServiceClient(Channel);
        var ex = await Assert.ThrowsAsync<RpcException>(() => client.ListNodesAsync(new ListNodesRequest(), As(null)).ResponseAsync);
        Assert.Equal(StatusCode.Unauthenticated, ex.StatusCode);
    }

    [Fact]
    public async Task GrpcCalls_OnOneConnection_AreAuthenticatedEachOnItsOwn()
    {
        // gRPC requests run on the root service provider: a handler shared between requests would hand the first
        // caller's result (an admin, or nobody) to every later call on the server.
        var client = new NodeService.NodeServiceClient(Channel);
        Assert.Empty((await client.ListNodesAsync(new ListNodesRequest(), As(Tokens.Operator("admin")))).Nodes);
        var anonymous = await Assert.ThrowsAsync<RpcException>(() => client.ListNodesAsync(new ListNodesRequest(), As(null)).ResponseAsync);
        Assert.Equal(StatusCode.Unauthenticated, anonymous.StatusCode);
        Assert.Empty((await client.ListNodesAsync(new ListNodesRequest(), As(Tokens.Operator("viewer")))).Nodes);
        var viewer = await Assert.ThrowsAsync<RpcException>(() => client.DeleteNodeAsync(new DeleteNodeRequest { Id = Guid.NewGuid().ToString() }, As(Tokens.Operator("viewer"))).ResponseAsync);
        Assert.Equal(StatusCode.PermissionDenied, viewer.StatusCode);
    }

    [Fact]
    public async Task Viewer_ReadsButCannotWrite_403AndPermissionDenied()
    {
        var viewer = Tokens.Operator("viewer");
        Assert.Equal(HttpStatusCode.OK, (await SendAsync(viewer, HttpMethod.Get, "/v1/nodes")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await SendAsync(viewer, HttpMethod.Post, "/v1/nodes", Json.NodeJson(1))).StatusCode);

        var client = new NodeService.NodeServiceClient(Channel);
        Assert.Empty((await client.ListNodesAsync(new ListNodesRequest(), As(viewer))).Nodes);
        var ex = await Assert.ThrowsAsync<RpcException>(() => client.CreateNodeAsync(
            new CreateNodeRequest { Node = new Node { Name = "n1", Ip = "10.0.0.1" } }, As(viewer)).ResponseAsync);
        Assert.Equal(StatusCode.PermissionDenied, ex.StatusCode);

        // Nothing was written by the refused calls.
        var admin = Tokens.Operator("admin");
        Assert.Empty((await client.ListNodesAsync(new ListNodesRequest(), As(admin))).Nodes);
    }

    [Fact]
    public async Task Operator_WritesButCannotDeleteOrImport_AdminCan()
    {
        var op = Tokens.Operator("operator");
        var created = await SendAsync(op, HttpMethod.Post, "/v1/nodes", Json.NodeJson(1));
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var id = (await Json.ReadAsync(created))["id"]!.GetValue<string>();

        Assert.Equal(HttpStatusCode.Forbidden, (await SendAsync(op, HttpMethod.Delete, $"/v1/nodes/{id}")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await SendAsync(op, HttpMethod.Post, "/v1/nodes:import", "[]")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await SendAsync(op, HttpMethod.Get, $"/v1/nodes/{id}")).StatusCode);

        Assert.Equal(HttpStatusCode.NoContent, (await SendAsync(Tokens.Operator("admin"), HttpMethod.Delete, $"/v1/nodes/{id}")).StatusCode);
    }

    [Fact]
    public async Task TokenWithoutRole_IsForbidden()
    {
        Assert.Equal(HttpStatusCode.Forbidden, (await SendAsync(Tokens.Operator(role: null), HttpMethod.Get, "/v1/nodes")).StatusCode);
    }

    public static TheoryData<string> BadTokens => ["expired", "not-yet-valid", "wrong-key", "wrong-issuer", "alg-none", "truncated", "garbage"];

    [Theory]
    [MemberData(nameof(BadTokens))]
    public async Task BadToken_IsRefused_401AndUnauthenticated(string kind)
    {
        var now = DateTime.UtcNow;
        var token = kind switch
        {
            // Beyond the default 5-minute clock skew.
            "expired" => Tokens.Operator("admin", expires: now.AddMinutes(-10), notBefore: now.AddMinutes(-70)),
            "not-yet-valid" => Tokens.Operator("admin", notBefore: now.AddMinutes(10), expires: now.AddHours(2)),
            "wrong-key" => Tokens.Operator("admin", key: new Tokens().OperatorKey),
            "wrong-issuer" => Tokens.Operator("admin", issuer: "someone-else"),
            "alg-none" => Tokens.Unsigned(),
            "truncated" => Tokens.Operator("admin")[..^10],
            _ => "not.a.jwt",
        };

        Assert.Equal(HttpStatusCode.Unauthorized, (await SendAsync(token, HttpMethod.Get, "/v1/nodes")).StatusCode);
        var ex = await Assert.ThrowsAsync<RpcException>(() =>
            new NodeService.NodeServiceClient(Channel).ListNodesAsync(new ListNodesRequest(), As(token)).ResponseAsync);
        Assert.Equal(StatusCode.Unauthenticated, ex.StatusCode);
    }

    [Fact]
    public async Task Probes_AreOpen_MetricsAndOpenApiAreNot()
    {
        Assert.Equal(HttpStatusCode.OK, (await SendAsync(null, HttpMethod.Get, "/healthz")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await SendAsync(null, HttpMethod.Get, "/readyz")).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await SendAsync(null, HttpMethod.Get, "/metrics")).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await SendAsync(null, HttpMethod.Get, "/openapi/v1.json")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await SendAsync(Tokens.Operator("viewer"), HttpMethod.Get, "/metrics")).StatusCode);

        var health = new global::Grpc.Health.V1.Health.HealthClient(Channel);
        var answer = await health.CheckAsync(new global::Grpc.Health.V1.HealthCheckRequest(), As(null));
        Assert.Equal(global::Grpc.Health.V1.HealthCheckResponse.Types.ServingStatus.Serving, answer.Status);
    }

    [Fact]
    public async Task UnknownGrpcService_IsAnAdminsRoute()
    {
        // gRPC's catch-all for unknown services declares no policy: the fallback policy wants an admin.
        var method = new Method<ListNodesRequest, ListNodesResponse>(MethodType.Unary, "nodemanager.v1.Nope", "List",
            Marshallers.Create<ListNodesRequest>(r => Google.Protobuf.MessageExtensions.ToByteArray(r), ListNodesRequest.Parser.ParseFrom),
            Marshallers.Create<ListNodesResponse>(r => Google.Protobuf.MessageExtensions.ToByteArray(r), ListNodesResponse.Parser.ParseFrom));
        var invoker = Channel.CreateCallInvoker();
        var anonymous = await Assert.ThrowsAsync<RpcException>(() => invoker.AsyncUnaryCall(method, null, As(null), new ListNodesRequest()).ResponseAsync);
        Assert.Equal(StatusCode.Unauthenticated, anonymous.StatusCode);
        var viewer = await Assert.ThrowsAsync<RpcException>(() => invoker.AsyncUnaryCall(method, null, As(Tokens.Operator("viewer")), new ListNodesRequest()).ResponseAsync);
        Assert.Equal(StatusCode.PermissionDenied, viewer.StatusCode);
        var admin = await Assert.ThrowsAsync<RpcException>(() => invoker.AsyncUnaryCall(method, null, As(Tokens.Operator("admin")), new ListNodesRequest()).ResponseAsync);
        Assert.Equal(StatusCode.Unimplemented, admin.StatusCode);
    }
}
