using System.Net;
using System.Text.Json.Nodes;
using Grpc.Net.Client;
using NodeManager.Testing;

namespace NodeManager.Server.Tests.Infrastructure;

/// <summary>A fresh server with a fresh store per test; subclasses say which store.</summary>
public abstract class ServerTestBase : IAsyncLifetime
{
    private TestStore? _store;
    private ServerInstance? _server;
    private GrpcChannel? _channel;

    protected HttpClient Client => _server!.Client;

    /// <summary>A gRPC channel to the server's gRPC endpoint, made on first use and disposed before the server stops.</summary>
    protected GrpcChannel Channel => _channel ??= TestGrpcChannel.ForAddress(Server.Grpc);

    protected ServerInstance Server => _server!;

    /// <summary>Server arguments selecting this test's store (and cluster, when <see cref="Clustered"/>), to start more hosts on it.</summary>
    protected IReadOnlyList<string> StoreArgs => [.. _store!.Args, .. _clusterArgs];

    /// <summary>
    /// The server is a silo of a cluster of its own (Redis membership, a cluster id per test) rather than a
    /// standalone silo: more servers on the same PostgreSQL database must be silos of one cluster.
    /// </summary>
    protected virtual bool Clustered => false;

    private string[] _clusterArgs = [];

    /// <summary>PostgreSQL (the class is then marked [RequiresPostgres]) or SQLite.</summary>
    protected abstract bool UsePostgres { get; }

    /// <summary>More server arguments (e.g. health timings) for every test of the class.</summary>
    protected virtual string[] ExtraArgs => [];

    public async Task InitializeAsync()
    {
        _store = await TestStore.CreateAsync(UsePostgres);
        if (Clustered)
        {
            _clusterArgs = ClusterArgs.New("test");
        }

        _server = await ServerInstance.StartAsync(StoreArgs, ExtraArgs);
    }

    public virtual async Task DisposeAsync()
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

    protected async Task<JsonObject> CreateAsync(int i, string? extra = null)
    {
        var response = await Client.SendAsync(HttpMethod.Post, "/v1/nodes", Json.NodeJson(i, extra));
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return await Json.ReadAsync(response);
    }

    protected async Task<int> CountAsync()
    {
        var list = await Json.ReadAsync(await Client.SendAsync(HttpMethod.Get, "/v1/nodes?page_size=1000"));
        return list["nodes"]!.AsArray().Count;
    }
}
