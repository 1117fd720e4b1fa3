using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Connections;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using NodeManager.Grpc;
using NodeManager.Server.Tests.Infrastructure;
using NodeManager.Testing;

namespace NodeManager.Server.Tests.Health;

/// <summary>A node agent's probe endpoint: real grpc.health.v1.Health over HTTP/2 on loopback, switchable.</summary>
public sealed class FakeAgent : IAsyncDisposable
{
    private readonly WebApplication _app;

    private FakeAgent(WebApplication app, int port)
    {
        _app = app;
        Port = port;
    }

    public int Port { get; }

    /// <summary>What Check answers: SERVING when true.</summary>
    public bool Serving { get; set; } = true;

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
            builder.Services.AddGrpcWire();
            FakeAgent? agent = null;
            builder.Services.AddGrpcHealth(o => o.AddProbe("", _ => Task.FromResult(agent!.Serving)));
            var app = builder.Build();
            app.MapGrpcHealth();
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
