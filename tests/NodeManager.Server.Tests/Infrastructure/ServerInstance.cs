using Microsoft.AspNetCore.Builder;
using NodeManager.Server.Hosting;
using NodeManager.Testing;

namespace NodeManager.Server.Tests.Infrastructure;

/// <summary>The real host (same wiring as Program) on loopback, ephemeral ports, its own store.</summary>
public sealed class ServerInstance : IAsyncDisposable
{
    private readonly WebApplication _app;

    private ServerInstance(WebApplication app, Uri http, Uri grpc)
    {
        _app = app;
        Http = http;
        Grpc = grpc;
        Client = new HttpClient { BaseAddress = http, Timeout = TimeSpan.FromSeconds(60) };
    }

    public Uri Http { get; }

    /// <summary>The HTTP/2-only gRPC endpoint.</summary>
    public Uri Grpc { get; }

    public HttpClient Client { get; }

    public IServiceProvider Services => _app.Services;

    public static Task<ServerInstance> StartAsync(IEnumerable<string> storeArgs, params string[] extraArgs) =>
        StartAsync(storeArgs, null, extraArgs);

    /// <summary>As above, with more configuration sources (e.g. a watched JSON file) added before the server's own wiring.</summary>
    public static async Task<ServerInstance> StartAsync(IEnumerable<string> storeArgs, Action<Microsoft.Extensions.Configuration.ConfigurationManager>? configure, params string[] extraArgs)
    {
        var (app, (http, grpc)) = await LoopbackHost.StartAsync(() =>
        {
            var http = new Uri($"http://127.0.0.1:{LoopbackHost.FreePort()}");
            var grpc = new Uri($"http://127.0.0.1:{LoopbackHost.FreePort()}");
            string[] args =
            [
                .. LoopbackHost.ServerArgs(http, grpc),
                .. storeArgs,
                .. extraArgs,
            ];
            return (NodeManagerApp.Create(args, configure), (http, grpc));
        });
        return new ServerInstance(app, http, grpc);
    }

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        await _app.StopAsync().WaitAsync(TimeSpan.FromSeconds(30));
        await _app.DisposeAsync();
    }
}
