using Grpc.Core;
using Grpc.Health.V1;
using GrpcHealth = Grpc.Health.V1.Health;
using Grpc.Net.Client;
using NodeManager.Contracts.V1;
using NodeManager.Server.Tests.Infrastructure;

namespace NodeManager.Server.Tests.GrpcProtocol;

/// <summary>
/// One real NodeManager server (SQLite) shared by the protocol and fuzz tests of the collection, with its log
/// captured, a registered node to aim valid calls at, and a gRPC channel for well-formed calls.
/// </summary>
public sealed class ProtocolServer : IAsyncLifetime
{
    /// <summary>The limit of one call or one step of a test: far above any expected answer, so reaching it means a hang.</summary>
    public static readonly TimeSpan CallTimeout = TimeSpan.FromSeconds(30);

    private TestStore? _store;
    private ServerInstance? _server;
    private GrpcChannel? _channel;

    public ServerInstance Server => _server!;

    /// <summary>The gRPC endpoint (HTTP/2 only).</summary>
    public Uri Grpc => _server!.Grpc;

    public ServerLogCapture Log { get; private set; } = null!;

    /// <summary>A node registered at start, for calls that should get past validation.</summary>
    public string NodeId { get; private set; } = string.Empty;

    public NodeService.NodeServiceClient Nodes { get; private set; } = null!;

    /// <summary>The channel of <see cref="Nodes"/>, for more clients and hand-made methods.</summary>
    public GrpcChannel Channel => _channel!;

    public async Task InitializeAsync()
    {
        _store = await TestStore.CreateAsync(postgres: false);
        _server = await ServerInstance.StartAsync(_store.Args);
        Log = ServerLogCapture.AttachTo(_server.Services);
        _channel = CreateChannel(_server.Grpc);
        Nodes = new NodeService.NodeServiceClient(_channel);
        var node = await Nodes.CreateNodeAsync(new CreateNodeRequest { Node = new Node { Name = "protocol-seed", Ip = "10.200.0.1" } })
            .ResponseAsync.WaitAsync(CallTimeout);
        NodeId = node.Id;
    }

    public async Task DisposeAsync()
    {
        _channel?.Dispose();
        if (_server is not null)
        {
            await _server.DisposeAsync();
        }

        if (_store is not null)
        {
            await _store.DisposeAsync();
        }
    }

    /// <summary>A channel to <paramref name="address"/> over our own handler (no proxy, more connections past the stream limit).</summary>
    public static GrpcChannel CreateChannel(Uri address) => GrpcChannel.ForAddress(address, new GrpcChannelOptions
    {
        HttpHandler = new SocketsHttpHandler { UseProxy = false, EnableMultipleHttp2Connections = true },
    });

    /// <summary>The server still answers well-formed calls: grpc.health.v1 says SERVING and the seeded node is read back.</summary>
    public async Task AssertServesAsync()
    {
        var health = await new GrpcHealth.HealthClient(_channel).CheckAsync(new HealthCheckRequest()).ResponseAsync.WaitAsync(CallTimeout);
        Assert.Equal(HealthCheckResponse.Types.ServingStatus.Serving, health.Status);
        var node = await Nodes.GetNodeAsync(new GetNodeRequest { Id = NodeId }, new CallOptions(deadline: DateTime.UtcNow + CallTimeout)).ResponseAsync.WaitAsync(CallTimeout);
        Assert.Equal("protocol-seed", node.Name);
    }

    /// <summary>Fails naming every unexpected Error-level entry of the server's log since <paramref name="mark"/>.</summary>
    public void AssertNoUnexpectedErrors(int mark)
    {
        var errors = Log.UnexpectedErrorsSince(mark);
        Assert.True(errors.Count == 0, $"the server logged {errors.Count} unexpected errors:\n{string.Join('\n', errors.Take(20))}");
    }
}

[CollectionDefinition(Name)]
public sealed class GrpcProtocolCollection : ICollectionFixture<ProtocolServer>
{
    /// <summary>One collection: the tests share a server and run one class at a time (the fuzz budget is wall-clock time).</summary>
    public const string Name = "GrpcProtocol";
}
