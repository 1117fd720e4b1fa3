using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Connections;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Logging;
using NodeManager.Testing;

namespace NodeManager.Server.Tests.Health;

/// <summary>A node agent's probe endpoint: real grpc.health.v1.Health (Grpc.AspNetCore) over HTTP/2 on loopback, switchable.</summary>
public sealed class FakeAgent : IAsyncDisposable
{
    private readonly WebApplication _app;
    private volatile bool _serving = true;

    private FakeAgent(WebApplication app, int port)
    {
        _app = app;
        Port = port;
    }

    public int Port { get; }

    /// <summary>What Check answers from now on: SERVING when true, NOT_SERVING when false.</summary>
    public bool Serving
    {
        get => _serving;
        set => _serving = value;
    }

    public static async Task<FakeAgent> StartAsync()
    {
        // A port free a moment ago may be taken by a test running in parallel before Kestrel binds it: a new port, again.
        for (var attempt = 1; ; attempt++)
        {
            var port = LoopbackHost.FreePort();
            var builder = WebApplication.CreateSlimBuilder();
            // The test folder holds the server's appsettings.json: its Kestrel endpoints are not ours.
            builder.Configuration.Sources.Clear();
            builder.Logging.SetMinimumLevel(LogLevel.Warning);
            builder.WebHost.ConfigureKestrel(k => k.ListenLocalhost(port, o => o.Protocols = HttpProtocols.Http2));
            builder.Services.AddGrpc();
            FakeAgent? agent = null;
            builder.Services
                .AddGrpcHealthChecks(o =>
                {
                    // Check runs the check on every call (no cache fed by the publisher every 30 s), so a change
                    // of Serving is what the very next probe sees. "" (what the NodeManager server asks for) is
                    // this one check; any other service name is NOT_FOUND.
                    o.UseHealthChecksCache = false;
                    o.Services.Clear();
                    o.Services.Map("", c => c.Name == "agent");
                })
                .AddCheck("agent", () => agent!.Serving ? HealthCheckResult.Healthy() : HealthCheckResult.Unhealthy());
            var app = builder.Build();
            app.MapGrpcHealthChecksService();
            agent = new FakeAgent(app, port);
            try
            {
                await app.StartAsync().WaitAsync(TimeSpan.FromSeconds(30));
                return agent;
            }
            catch (IOException ex) when (attempt < 5 && ex.InnerException is AddressInUseException)
            {
                await app.DisposeAsync();
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync().WaitAsync(TimeSpan.FromSeconds(30));
        await _app.DisposeAsync();
    }
}
