using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Connections;
using Microsoft.Extensions.DependencyInjection;
using NodeManager.Agent.Heartbeats;
using NodeManager.Agent.Hosting;
using NodeManager.Testing;

namespace NodeManager.Agent.Tests.Infrastructure;

/// <summary>The agent's real host (same wiring as its Program) in-process, with a temp content root so no appsettings.json is picked up.</summary>
public sealed class AgentHost : IAsyncDisposable
{
    private readonly WebApplication _app;
    private bool _stopped;

    private AgentHost(WebApplication app, int port)
    {
        _app = app;
        Port = port;
    }

    public int Port { get; }

    public AgentWorker Worker => _app.Services.GetRequiredService<AgentWorker>();

    public HeartbeatSession Session => _app.Services.GetRequiredService<HeartbeatSession>();

    public ServerEndpoints Endpoints => _app.Services.GetRequiredService<ServerEndpoints>();

    public static Task<AgentHost> StartAsync(Uri server, string stateDir, string contentRoot, int? port = null, params string[] extra) =>
        StartAsync([server], firstServer: 0, stateDir, contentRoot, port, extra);

    /// <summary>The agent with several server endpoints, starting at <paramref name="firstServer"/> (a real agent picks one at random).</summary>
    public static async Task<AgentHost> StartAsync(IReadOnlyList<Uri> servers, int firstServer, string stateDir, string contentRoot, int? port = null, params string[] extra)
    {
        // A port free a moment ago may be taken by a test running in parallel before Kestrel binds it: a new port,
        // again (unless the caller chose the port).
        for (var attempt = 1; ; attempt++)
        {
            var agentPort = port ?? LoopbackHost.FreePort();
            string[] args =
            [
                $"--contentRoot={contentRoot}",
                "--server", string.Join(',', servers),
                "--agent-port", agentPort.ToString(System.Globalization.CultureInfo.InvariantCulture),
                "--listen", "127.0.0.1",
                "--management-address", "127.0.0.1",
                "--state-dir", stateDir,
                "--name", "agent-e2e.test",
                "--NodeManagerAgent:ReconnectInitialDelay=00:00:00.1",
                "--NodeManagerAgent:ReconnectMaxDelay=00:00:00.5",
                "--NodeManagerAgent:FailoverJitter=00:00:00.1",
                "--Logging:LogLevel:Default=Warning",
                .. extra,
            ];
            var app = AgentApp.Create(args, firstServer);
            try
            {
                await app.StartAsync().WaitAsync(TimeSpan.FromSeconds(30));
                return new AgentHost(app, agentPort);
            }
            catch (IOException ex) when (port is null && attempt < 5 && ex.InnerException is AddressInUseException)
            {
                await app.DisposeAsync();
            }
        }
    }

    /// <summary>Graceful stop, as on SIGTERM.</summary>
    public async Task StopAsync()
    {
        _stopped = true;
        await _app.StopAsync().WaitAsync(TimeSpan.FromSeconds(30));
    }

    public async ValueTask DisposeAsync()
    {
        if (!_stopped)
        {
            await StopAsync();
        }

        await _app.DisposeAsync();
    }
}
