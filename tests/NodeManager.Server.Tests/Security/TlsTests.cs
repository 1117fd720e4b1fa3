using System.Net;
using System.Net.Http.Headers;
using System.Security.Cryptography.X509Certificates;
using Grpc.Core;
using Grpc.Net.Client;
using NodeManager.Contracts.Credentials;
using NodeManager.Contracts.V1;
using NodeManager.Server.Tests.Infrastructure;
using NodeManager.Testing;

namespace NodeManager.Server.Tests.Security;

/// <summary>
/// TLS on the REST and gRPC endpoints (HTTP/2 by ALPN), agents by client certificate (SAN URI = node id) from the
/// configured CA, operators by bearer token on the same endpoint; certificates and CA reloaded from their files.
/// </summary>
public sealed class TlsTests : IAsyncLifetime
{
    private readonly TempDirectory _directory = new();
    private readonly Tokens _tokens = new();
    private TestPki _pki = null!;
    private TestStore? _store;
    private ServerInstance? _server;
    private Uri _grpc = null!;
    private Uri _rest = null!;
    private (string Certificate, string Key) _serverCertificate;

    public async Task InitializeAsync()
    {
        _pki = new TestPki(_directory.File("pki"));
        _serverCertificate = _pki.Server();
        var clientCa = _directory.File("agents-ca.pem");
        File.Copy(_pki.CaFile, clientCa);
        _store = await TestStore.CreateAsync(postgres: false);
        var grpcPort = LoopbackHost.FreePort();
        var restPort = LoopbackHost.FreePort();
        _grpc = new Uri($"https://127.0.0.1:{grpcPort}");
        _rest = new Uri($"https://127.0.0.1:{restPort}");
        _server = await ServerInstance.StartAsync(_store.Args,
        [
            .. _tokens.ServerArgs,
            $"--Kestrel:Endpoints:Grpc:Url={_grpc}",
            $"--Kestrel:Endpoints:Rest:Url={_rest}",
            $"--Kestrel:Certificates:Default:Path={_serverCertificate.Certificate}",
            $"--Kestrel:Certificates:Default:KeyPath={_serverCertificate.Key}",
            $"--NodeManager:Security:Agents:ClientCa={clientCa}",
        ]);
    }

    public async Task DisposeAsync()
    {
        await _server!.DisposeAsync();
        await _store!.DisposeAsync();
        _directory.Dispose();
    }

    private GrpcChannel Channel(string? caFile = null, (string Certificate, string Key)? client = null, string? token = null)
    {
        var handler = new SocketsHttpHandler { UseProxy = false };
        new ClientTls(caFile ?? _pki.CaFile, client?.Certificate, client?.Key).Apply(handler);
        HttpMessageHandler outer = token is null ? handler : new BearerTokenHandler(TokenSource.FromText(token), handler);
        return GrpcChannel.ForAddress(_grpc, new GrpcChannelOptions { HttpHandler = outer, DisposeHttpClient = true });
    }

    private static CallOptions Deadline() => new(deadline: DateTime.UtcNow + TestTimeout.Default);

    [Fact]
    public async Task AgentCertificate_RegistersAndHeartbeatsItsNode_NotAnother()
    {
        var a = Guid.NewGuid();
        using var agent = Channel(client: _pki.Node(a));
        var nodes = new NodeService.NodeServiceClient(agent);
        var created = await nodes.CreateNodeAsync(new CreateNodeRequest { Node = new Node { Id = a.ToString(), Name = "a", Ip = "10.7.0.1" } }, Deadline());
        Assert.Equal(a.ToString(), created.Id);

        using var stream = new HealthService.HealthServiceClient(agent).StreamHeartbeats(Deadline());
        await stream.RequestStream.WriteAsync(new Heartbeat { NodeId = created.Id, Seq = 1 });
        Assert.True(await stream.ResponseStream.MoveNext());
        await stream.RequestStream.WriteAsync(new Heartbeat { NodeId = Guid.NewGuid().ToString(), Seq = 2 });
        var ex = await Assert.ThrowsAsync<RpcException>(() => stream.ResponseStream.MoveNext());
        Assert.Equal(StatusCode.PermissionDenied, ex.StatusCode);

        var other = await Assert.ThrowsAsync<RpcException>(() => nodes.CreateNodeAsync(
            new CreateNodeRequest { Node = new Node { Id = Guid.NewGuid().ToString(), Name = "b", Ip = "10.7.0.2" } }, Deadline()).ResponseAsync);
        Assert.Equal(StatusCode.PermissionDenied, other.StatusCode);
    }

    [Fact]
    public async Task OperatorToken_OverTls_WithoutClientCertificate()
    {
        using var channel = Channel(token: _tokens.Operator("viewer"));
        Assert.Empty((await new NodeService.NodeServiceClient(channel).ListNodesAsync(new ListNodesRequest(), Deadline())).Nodes);

        using var anonymous = Channel();
        var ex = await Assert.ThrowsAsync<RpcException>(() => new NodeService.NodeServiceClient(anonymous).ListNodesAsync(new ListNodesRequest(), Deadline()).ResponseAsync);
        Assert.Equal(StatusCode.Unauthenticated, ex.StatusCode);
    }

    [Fact]
    public async Task ClientCertificateFromAnotherCa_IsRefusedAtTheHandshake()
    {
        var stranger = new TestPki(_directory.File("stranger"), "stranger-ca");
        var id = Guid.NewGuid();
        using var channel = Channel(client: stranger.Node(id), token: _tokens.Operator("admin"));
        var ex = await Assert.ThrowsAsync<RpcException>(() => new NodeService.NodeServiceClient(channel).CreateNodeAsync(
            new CreateNodeRequest { Node = new Node { Id = id.ToString(), Name = "s", Ip = "10.7.0.9" } }, Deadline()).ResponseAsync);
        AssertRefusedAtHandshake(ex);

        // Not even the admin token on that connection got a call through.
        using var admin = Channel(token: _tokens.Operator("admin"));
        Assert.Empty((await new NodeService.NodeServiceClient(admin).ListNodesAsync(new ListNodesRequest(), Deadline())).Nodes);
    }

    [Fact]
    public async Task RestOverTls_Http2ByAlpn()
    {
        using var handler = new SocketsHttpHandler { UseProxy = false };
        new ClientTls(_pki.CaFile, null, null).Apply(handler);
        using var client = new HttpClient(handler) { BaseAddress = _rest };
        using var request = new HttpRequestMessage(HttpMethod.Get, "/v1/nodes") { Version = HttpVersion.Version20, VersionPolicy = HttpVersionPolicy.RequestVersionExact };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", _tokens.Operator("viewer"));
        var response = await client.SendAsync(request).WaitAsync(TestTimeout.Default);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(HttpVersion.Version20, response.Version);
    }

    [Fact]
    public async Task ServerCertificateAndClientCa_ReplacedOnDisk_NextConnectionsUseThem()
    {
        // A new PKI: the server's certificate and the agents' CA files are overwritten in place.
        var renewed = new TestPki(_directory.File("renewed"), "renewed-ca");
        var fresh = renewed.Server("server-renewed");
        File.Copy(fresh.Certificate, _serverCertificate.Certificate, overwrite: true);
        File.Copy(fresh.Key, _serverCertificate.Key, overwrite: true);
        File.Copy(renewed.CaFile, _server!.Services.GetRequiredConfiguration("NodeManager:Security:Agents:ClientCa"), overwrite: true);

        var a = Guid.NewGuid();
        using var renewedAgent = Channel(caFile: renewed.CaFile, client: renewed.Node(a));
        var created = await new NodeService.NodeServiceClient(renewedAgent).CreateNodeAsync(
            new CreateNodeRequest { Node = new Node { Id = a.ToString(), Name = "a", Ip = "10.7.0.1" } }, Deadline());
        Assert.Equal(a.ToString(), created.Id);

        // The old CA is trusted no more, on either side.
        using var oldAgent = Channel(client: _pki.Node(Guid.NewGuid()));
        var ex = await Assert.ThrowsAsync<RpcException>(() => new NodeService.NodeServiceClient(oldAgent).GetNodeAsync(new GetNodeRequest { Id = a.ToString() }, Deadline()).ResponseAsync);
        AssertRefusedAtHandshake(ex);
    }

    /// <summary>The call failed below HTTP: the TLS handshake (no response, so no HTTP status in the detail).</summary>
    private static void AssertRefusedAtHandshake(RpcException ex)
    {
        Assert.True(ex.StatusCode is StatusCode.Unavailable or StatusCode.Internal, ex.ToString());
        Assert.DoesNotContain("HTTP status code", ex.Status.Detail, StringComparison.Ordinal);
        var chain = new List<Exception>();
        for (Exception? e = ex.Status.DebugException; e is not null; e = e.InnerException)
        {
            chain.Add(e);
        }

        Assert.Contains(chain, e => e is HttpRequestException or IOException or System.Security.Authentication.AuthenticationException);
    }
}

internal static class ConfigurationLookup
{
    public static string GetRequiredConfiguration(this IServiceProvider services, string key) =>
        ((Microsoft.Extensions.Configuration.IConfiguration)services.GetService(typeof(Microsoft.Extensions.Configuration.IConfiguration))!)[key]!;
}
