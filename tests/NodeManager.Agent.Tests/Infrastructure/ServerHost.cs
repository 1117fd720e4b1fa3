using Microsoft.AspNetCore.Builder;
using NodeManager.Server.Hosting;
using NodeManager.Testing;

namespace NodeManager.Agent.Tests.Infrastructure;

/// <summary>The real NodeManager server in-process on loopback: SQLite in a temp dir, short health timings.</summary>
public sealed class ServerHost : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly TempDirectory _dir;

    private ServerHost(WebApplication app, TempDirectory dir, Uri grpc)
    {
        _app = app;
        _dir = dir;
        Grpc = grpc;
    }

    public Uri Grpc { get; }

    public static async Task<ServerHost> StartAsync()
    {
        var dir = new TempDirectory();

        var (app, grpc) = await LoopbackHost.StartAsync(() =>
        {
            var grpc = new Uri($"http://127.0.0.1:{LoopbackHost.FreePort()}");
            string[] args =
            [
                .. LoopbackHost.ServerArgs(new Uri($"http://127.0.0.1:{LoopbackHost.FreePort()}"), grpc),
                $"--NodeManager:Storage:Sqlite:Path={dir.File("nm.db")}",
                "--NodeManager:Health:HeartbeatInterval=00:00:00.2",
                "--NodeManager:Health:GracePeriod=00:00:01",
                "--NodeManager:Health:DownAfter=00:00:30",
                "--NodeManager:Health:SweepInterval=00:00:00.1",
                "--NodeManager:Health:ProbeTimeout=00:00:02",
                "--NodeManager:Health:StartupGrace=00:00:00",
            ];
            return (NodeManagerApp.Create(args), grpc);
        });
        return new ServerHost(app, dir, grpc);
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync().WaitAsync(TimeSpan.FromSeconds(30));
        await _app.DisposeAsync();
        _dir.Dispose();
    }
}
