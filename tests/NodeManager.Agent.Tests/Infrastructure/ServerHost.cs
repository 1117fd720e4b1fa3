using Microsoft.AspNetCore.Builder;
using NodeManager.Server.Hosting;
using NodeManager.Testing;

namespace NodeManager.Agent.Tests.Infrastructure;

/// <summary>The real NodeManager server in-process on loopback: SQLite in a temp dir, short health timings.</summary>
public sealed class ServerHost : IAsyncDisposable
{
    private readonly TempDirectory _dir;
    private readonly Uri _http;
    private readonly string[] _extra;
    private WebApplication _app;

    private ServerHost(WebApplication app, TempDirectory dir, Uri http, Uri grpc, string[] extra)
    {
        _app = app;
        _extra = extra;
        _dir = dir;
        _http = http;
        Grpc = grpc;
    }

    public Uri Grpc { get; }

    public static Task<ServerHost> StartAsync() => StartAsync("http", []);

    /// <summary>With more server arguments; <paramref name="grpcScheme"/> https needs a certificate among them.</summary>
    public static async Task<ServerHost> StartAsync(string grpcScheme, string[] extra)
    {
        var dir = new TempDirectory();
        var (app, ports) = await LoopbackHost.StartAsync(() =>
        {
            var http = new Uri($"http://127.0.0.1:{LoopbackHost.FreePort()}");
            var grpc = new Uri($"{grpcScheme}://127.0.0.1:{LoopbackHost.FreePort()}");
            return (Create(dir, http, grpc, extra), (Http: http, Grpc: grpc));
        });
        return new ServerHost(app, dir, ports.Http, ports.Grpc, extra);
    }

    /// <summary>A graceful stop (open heartbeat streams end with UNAVAILABLE), then a new server on the same ports and database.</summary>
    public async Task RestartAsync()
    {
        await _app.StopAsync().WaitAsync(TimeSpan.FromSeconds(30));
        await _app.DisposeAsync();
        _app = Create(_dir, _http, Grpc, _extra);
        await _app.StartAsync().WaitAsync(TestTimeout.Default);
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync().WaitAsync(TimeSpan.FromSeconds(30));
        await _app.DisposeAsync();
        _dir.Dispose();
    }

    private static WebApplication Create(TempDirectory dir, Uri http, Uri grpc, string[] extra) =>
        NodeManagerApp.Create(
        [
            .. LoopbackHost.ServerArgs(http, grpc),
            $"--NodeManager:Storage:Sqlite:Path={dir.File("nm.db")}",
            "--NodeManager:Health:HeartbeatInterval=00:00:00.2",
            "--NodeManager:Health:GracePeriod=00:00:01",
            "--NodeManager:Health:DownAfter=00:00:30",
            "--NodeManager:Health:SweepInterval=00:00:00.1",
            "--NodeManager:Health:ProbeTimeout=00:00:02",
            "--NodeManager:Health:StartupGrace=00:00:00",
            .. extra,
        ]);
}
