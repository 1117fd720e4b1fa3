using Grpc.Net.Client;
using NodeManager.Server.Tests.Infrastructure;
using NodeManager.Testing;

namespace NodeManager.Cli.Tests.Infrastructure;

/// <summary>
/// One real NodeManager server process for the CLI tests: SQLite in a temp directory, REST and gRPC on free loopback
/// ports (<see cref="ServerProcess"/>, as the server tests start it). Tests name their nodes uniquely, so they share it.
/// </summary>
public sealed class ServerFixture : IAsyncLifetime
{
    private readonly TempDirectory _dir = new();
    private ServerProcess? _server;
    private GrpcChannel? _channel;

    public ServerProcess Server => _server ?? throw new InvalidOperationException("not started");

    /// <summary>A channel of the test's own, for what nmctl does not do (heartbeats).</summary>
    public GrpcChannel Channel => _channel ??= TestGrpcChannel.ForAddress(Server.Grpc);

    public string Home => _dir.File("home");

    public Nmctl Nmctl() => new(Server.Grpc, Home);

    public async Task InitializeAsync()
    {
        Directory.CreateDirectory(Home);
        _server = await ServerProcess.StartAsync([$"--NodeManager:Storage:Sqlite:Path={_dir.File("nm.db")}", "--Kestrel:Endpoints:Grpc:Protocols=Http2"]);
    }

    public async Task DisposeAsync()
    {
        _channel?.Dispose();
        if (_server is not null)
        {
            await _server.DisposeAsync();
        }

        _dir.Dispose();
    }
}

[CollectionDefinition(Name)]
public sealed class ServerCollection : ICollectionFixture<ServerFixture>
{
    public const string Name = "nmctl against one server";
}
