using Microsoft.AspNetCore.Builder;
using NodeManager.Server.Hosting;
using NodeManager.Testing;

namespace NodeManager.Simulator.Tests.Infrastructure;

/// <summary>The real NodeManager server in-process on loopback: SQLite in a temp dir, a 1 s heartbeat interval, 10 s grace.</summary>
public sealed class ServerHost : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly string _dir;

    private ServerHost(WebApplication app, string dir, Uri grpc, Uri rest)
    {
        (_app, _dir, Grpc, Rest) = (app, dir, grpc, rest);
    }

    public Uri Grpc { get; }

    public Uri Rest { get; }

    public static async Task<ServerHost> StartAsync(params string[] extra)
    {
        var dir = Directory.CreateTempSubdirectory("nm-sim-test-").FullName;

        var (app, (grpc, rest)) = await LoopbackHost.StartAsync(() =>
        {
            var grpc = new Uri($"http://127.0.0.1:{LoopbackHost.FreePort()}");
            var rest = new Uri($"http://127.0.0.1:{LoopbackHost.FreePort()}");
            string[] args =
            [
                .. LoopbackHost.ServerArgs(rest, grpc),
                $"--NodeManager:Storage:Sqlite:Path={Path.Combine(dir, "nm.db")}",
                "--NodeManager:Health:HeartbeatInterval=00:00:01",
                // A killed stream is judged one interval after it breaks; the long grace only keeps live agents READY
                // when a loaded machine starves the simulator for a few seconds.
                "--NodeManager:Health:GracePeriod=00:00:10",
                "--NodeManager:Health:DownAfter=00:01:00",
                "--NodeManager:Health:SweepInterval=00:00:00.2",
                "--NodeManager:Health:ProbeTimeout=00:00:01",
                "--NodeManager:Health:StartupGrace=00:00:00",
                .. extra,
            ];
            return (NodeManagerApp.Create(args), (grpc, rest));
        });
        return new ServerHost(app, dir, grpc, rest);
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync().WaitAsync(TimeSpan.FromSeconds(30));
        await _app.DisposeAsync();
        try
        {
            Directory.Delete(_dir, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}
