using NodeManager.Testing;
using System.Net;
using System.Net.Sockets;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace NodeManager.Server.Tests.Infrastructure;

/// <summary>The test helper that runs the server as a child process: it must talk to its own child, and kill only that one.</summary>
public sealed class ServerProcessTests : IDisposable
{
    private readonly TempDirectory _dir = new();

    [Fact]
    public async Task StartAsync_PortHeldByAnotherServer_ReadyOnlyOnItsOwnChild()
    {
        // Another server, answering /readyz, holds the port the helper picks first.
        var builder = WebApplication.CreateSlimBuilder();
        builder.Configuration.Sources.Clear();
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        builder.WebHost.ConfigureKestrel(k => k.Listen(IPAddress.Loopback, 0));
        await using var other = builder.Build();
        other.MapGet("/readyz", () => Results.Ok());
        await other.StartAsync().WaitAsync(TimeSpan.FromSeconds(30));
        var taken = new Uri(other.Urls.Single()).Port;

        var picks = 0;
        await using var server = await ServerProcess.StartAsync(
            [$"--NodeManager:Storage:Sqlite:Path={_dir.File("nm.db")}"], TestTimeout.Default, () => picks++ == 0 ? taken : LoopbackHost.FreePort());

        Assert.NotEqual(taken, server.Http.Port);
        Assert.Equal(HttpStatusCode.OK, (await server.Client.GetAsync("/v1/nodes")).StatusCode); // the other server has no such route
    }

    [Fact]
    public async Task StartAsync_NotReadyInTime_KillsItsChild()
    {
        // A "PostgreSQL" that accepts connections and never answers: the child hangs in its store's start-up.
        using var silent = new TcpListener(IPAddress.Loopback, 0);
        silent.Start();
        var marker = $"user-{Guid.NewGuid():N}";
        string[] args =
        [
            "--NodeManager:Storage:Provider=Postgres",
            $"--ConnectionStrings:NodeManager=Host=127.0.0.1;Port={((IPEndPoint)silent.LocalEndpoint).Port};Username={marker};Timeout=300",
        ];

        try
        {
            var ex = await Assert.ThrowsAsync<TimeoutException>(() => ServerProcess.StartAsync(args, TimeSpan.FromSeconds(3), LoopbackHost.FreePort));
            Assert.Contains("not ready within", ex.Message);
            Assert.Empty(ProcessesWith(marker));
        }
        finally
        {
            foreach (var leaked in ProcessesWith(marker))
            {
                using var process = System.Diagnostics.Process.GetProcessById(leaked);
                process.Kill();
            }
        }
    }

    public void Dispose() => _dir.Dispose();

    /// <summary>Ids of the running processes whose command line holds <paramref name="marker"/> (Linux /proc).</summary>
    private static List<int> ProcessesWith(string marker)
    {
        var found = new List<int>();
        foreach (var directory in Directory.EnumerateDirectories("/proc"))
        {
            if (int.TryParse(Path.GetFileName(directory), out var pid))
            {
                try
                {
                    if (File.ReadAllText(Path.Combine(directory, "cmdline")).Contains(marker, StringComparison.Ordinal))
                    {
                        found.Add(pid);
                    }
                }
                catch (IOException)
                {
                    // the process ended while being read
                }
            }
        }

        return found;
    }
}
