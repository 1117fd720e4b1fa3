using System.Security.Cryptography;
using Grpc.Core;
using Grpc.Net.Client;
using NodeManager.Agent.Hosting;
using NodeManager.Agent.Tests.Infrastructure;
using NodeManager.Contracts.Credentials;
using NodeManager.Contracts.V1;
using NodeManager.Testing;

namespace NodeManager.Agent.Tests.EndToEnd;

/// <summary>
/// The agent against a server that requires credentials (docs/security.md): with a node token, and with a client
/// certificate over TLS. Either way it registers and heartbeats the node its credential names, and is READY.
/// </summary>
public sealed class AgentCredentialsTests : IAsyncLifetime
{
    private const string Issuer = "agent-tests";
    private readonly TempDirectory _dir = new();
    private readonly byte[] _nodeKey = RandomNumberGenerator.GetBytes(32);
    private readonly byte[] _operatorKey = RandomNumberGenerator.GetBytes(32);
    private ServerHost? _server;

    private string[] AuthArgs =>
    [
        $"--Authentication:Schemes:Bearer:ValidIssuer={Issuer}",
        "--Authentication:Schemes:Bearer:ValidAudiences:0=nodemanager",
        $"--Authentication:Schemes:Bearer:SigningKeys:0:Issuer={Issuer}",
        $"--Authentication:Schemes:Bearer:SigningKeys:0:Value={Convert.ToBase64String(_operatorKey)}",
        $"--NodeManager:Security:NodeTokens:SigningKey={Convert.ToBase64String(_nodeKey)}",
    ];

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        if (_server is not null)
        {
            await _server.DisposeAsync();
        }

        _dir.Dispose();
    }

    [Fact]
    public async Task NodeToken_AgentRegistersTheTokensNode_Ready_StateFileFollowsTheToken()
    {
        _server = await ServerHost.StartAsync("http", AuthArgs);
        var id = Guid.NewGuid();
        var tokenFile = _dir.File("node.token");
        await File.WriteAllTextAsync(tokenFile, NodeCredentials.CreateNodeToken(_nodeKey, id, NodeCredentials.DefaultIssuer, DateTimeOffset.UtcNow, null) + "\n");

        // A state file from an earlier life under another id: the credential decides.
        Directory.CreateDirectory(_dir.File("state"));
        await File.WriteAllTextAsync(_dir.File("state/node-id"), Guid.NewGuid() + "\n");
        await using var agent = await AgentHost.StartAsync(_server.Grpc, _dir.File("state"), _dir.Path, extra: ["--token-file", tokenFile]);

        using var channel = OperatorChannel(_server.Grpc, null);
        await WaitReadyAsync(channel, id);
        Assert.Equal(id.ToString(), (await File.ReadAllTextAsync(_dir.File("state/node-id"))).Trim());
    }

    [Fact]
    public async Task ClientCertificate_OverTls_AgentRegistersTheCertificatesNode_Ready()
    {
        var pki = new TestPki(_dir.File("pki"));
        var server = pki.Server();
        _server = await ServerHost.StartAsync("https",
        [
            .. AuthArgs,
            $"--Kestrel:Certificates:Default:Path={server.Certificate}",
            $"--Kestrel:Certificates:Default:KeyPath={server.Key}",
            $"--NodeManager:Security:Agents:ClientCa={pki.CaFile}",
        ]);
        var id = Guid.NewGuid();
        var client = pki.Node(id);
        await using var agent = await AgentHost.StartAsync(_server.Grpc, _dir.File("state"), _dir.Path,
            extra: ["--client-cert", client.Certificate, "--client-key", client.Key, "--server-ca", pki.CaFile]);

        using var channel = OperatorChannel(_server.Grpc, pki.CaFile);
        await WaitReadyAsync(channel, id);
    }

    [Fact]
    public void TokenFile_WithoutANodeToken_IsAConfigurationError()
    {
        var tokenFile = _dir.File("bad.token");
        File.WriteAllText(tokenFile, "not a token");
        var ex = Assert.Throws<AgentConfigurationException>(() => AgentApp.Create(["--token-file", tokenFile, "--state-dir", _dir.File("state")]));
        Assert.Contains("NodeManagerAgent:TokenFile", ex.Message, StringComparison.Ordinal);
    }

    private GrpcChannel OperatorChannel(Uri server, string? ca)
    {
        var token = NodeCredentials.CreateToken(_operatorKey,
            new Dictionary<string, object> { ["iss"] = Issuer, ["aud"] = "nodemanager", ["sub"] = "test", ["role"] = "viewer" }, DateTimeOffset.UtcNow, DateTimeOffset.UtcNow.AddHours(1));
        var handler = new SocketsHttpHandler { UseProxy = false };
        new ClientTls(ca, null, null).Apply(handler);
        return GrpcChannel.ForAddress(server, new GrpcChannelOptions { HttpHandler = new BearerTokenHandler(TokenSource.FromText(token), handler), DisposeHttpClient = true });
    }

    private static async Task WaitReadyAsync(GrpcChannel channel, Guid id)
    {
        var health = new HealthService.HealthServiceClient(channel);
        var deadline = DateTime.UtcNow + TestTimeout.Default;
        while (true)
        {
            try
            {
                var answer = await health.GetNodeHealthAsync(new GetNodeHealthRequest { NodeId = id.ToString() }, deadline: DateTime.UtcNow.AddSeconds(10));
                if (answer.Status == HealthStatus.Ready)
                {
                    return;
                }
            }
            catch (RpcException ex) when (ex.StatusCode == StatusCode.NotFound)
            {
            }

            Assert.True(DateTime.UtcNow < deadline, $"node {id} not READY within {TestTimeout.Default}");
            await Task.Delay(100);
        }
    }
}
