using Microsoft.AspNetCore.Builder;
using NodeManager.Server.Hosting;

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
        // A port free a moment ago may be taken by a test running in parallel before Kestrel binds it: new ports, again.
        for (var attempt = 1; ; attempt++)
        {
            var http = new Uri($"http://127.0.0.1:{FreePort()}");
            var grpc = new Uri($"http://127.0.0.1:{FreePort()}");
            string[] args =
            [
                $"--Kestrel:Endpoints:Http:Url={http}",
                $"--Kestrel:Endpoints:Grpc:Url={grpc}",
                "--Kestrel:Endpoints:Grpc:Protocols=Http2",
                "--Logging:LogLevel:Default=Warning",
                .. storeArgs,
                .. extraArgs,
            ];
            var app = NodeManagerApp.Create(args, configure);
            try
            {
                await app.StartAsync().WaitAsync(TimeSpan.FromSeconds(60));
                return new ServerInstance(app, http, grpc);
            }
            catch (IOException ex) when (attempt < 5 && ex.InnerException is Microsoft.AspNetCore.Connections.AddressInUseException)
            {
                await app.DisposeAsync();
            }
        }
    }

    /// <summary>A loopback port that was free a moment ago (Kestrel's port 0 would not say which endpoint got which port).</summary>
    public static int FreePort()
    {
        using var listener = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        listener.Start();
        return ((System.Net.IPEndPoint)listener.LocalEndpoint).Port;
    }

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        await _app.StopAsync().WaitAsync(TimeSpan.FromSeconds(30));
        await _app.DisposeAsync();
    }
}
