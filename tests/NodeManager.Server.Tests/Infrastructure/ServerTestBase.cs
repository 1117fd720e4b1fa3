using System.Net;
using System.Text.Json.Nodes;

namespace NodeManager.Server.Tests.Infrastructure;

/// <summary>A fresh server with a fresh store per test; subclasses say which store.</summary>
public abstract class ServerTestBase : IAsyncLifetime
{
    private ServerInstance? _server;

    protected HttpClient Client => _server!.Client;

    protected ServerInstance Server => _server!;

    /// <summary>Command-line arguments selecting a new, empty store for one test.</summary>
    protected abstract Task<IEnumerable<string>> StoreArgsAsync();

    public async Task InitializeAsync() => _server = await ServerInstance.StartAsync(await StoreArgsAsync());

    public virtual async Task DisposeAsync()
    {
        if (_server is not null)
        {
            await _server.DisposeAsync();
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
