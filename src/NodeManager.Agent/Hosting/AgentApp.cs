using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Hosting;
using NodeManager.Agent.Facts;
using NodeManager.Agent.Heartbeats;
using NodeManager.Agent.Registration;

namespace NodeManager.Agent.Hosting;

/// <summary>The agent host: options, the worker (registration + heartbeats), and the probe endpoint on Kestrel.</summary>
public static class AgentApp
{
    /// <summary>Builds the host; throws <see cref="AgentConfigurationException"/> listing every configuration problem.</summary>
    public static WebApplication Create(string[] args) => Create(args, firstServer: null);

    /// <summary>As <see cref="Create(string[])"/>; <paramref name="firstServer"/> (tests) starts at that endpoint instead of a random one.</summary>
    internal static WebApplication Create(string[] args, int? firstServer)
    {
        var builder = WebApplication.CreateSlimBuilder(AgentCommandLine.Normalize(args));
        var options = AgentOptions.Bind(builder.Configuration);
        var problems = AgentOptionsValidator.Validate(options);
        if (problems.Count > 0)
        {
            throw new AgentConfigurationException(problems);
        }

        builder.WebHost.ConfigureKestrel(k =>
        {
            // Only the probe endpoint: a "Kestrel" section found in the configuration (e.g. a server's
            // appsettings.json beside the agent) must not make the agent bind other ports.
            k.Configure(new ConfigurationBuilder().Build());
            k.Listen(IPAddress.Parse(options.Listen), options.AgentPort, l => l.Protocols = HttpProtocols.Http2);
        });
        builder.Services.Configure<HostOptions>(h => h.ShutdownTimeout = TimeSpan.FromSeconds(15));
        builder.Services.AddSingleton(options);
        builder.Services.AddSingleton(TimeProvider.System);
        Uri[] servers = [.. ServerEndpoints.Split(options.Server).Select(s => new Uri(s)).Distinct()];
        var credentials = AgentCredentials.From(options);
        builder.Services.AddSingleton(credentials);
        builder.Services.AddSingleton(_ => new ServerEndpoints(servers, firstServer ?? Random.Shared.Next(servers.Length), credentials));
        builder.Services.AddSingleton(_ => new HostFactsReader(options.HostRoot));
        builder.Services.AddSingleton<HostObserver>();
        builder.Services.AddSingleton(_ => new NodeIdStore(options.StateFile));
        builder.Services.AddSingleton<NodeRegistrar>();
        builder.Services.AddSingleton<HeartbeatBuilder>();
        builder.Services.AddSingleton<HeartbeatSession>();
        builder.Services.AddSingleton<AgentWorker>();
        builder.Services.AddHostedService(sp => sp.GetRequiredService<AgentWorker>());
        AddProbeEndpoint(builder.Services);

        var app = builder.Build();
        app.MapGrpcHealthChecksService();
        return app;
    }

    /// <summary>
    /// <c>grpc.health.v1.Health</c> for the server's probes: <c>""</c> is SERVING while the agent runs (unknown
    /// service names are NOT_FOUND). Check runs the checks on each call rather than reading the publisher's cache,
    /// so it always says how things are now. Unknown gRPC methods get UNIMPLEMENTED from Grpc.AspNetCore itself.
    /// </summary>
    private static void AddProbeEndpoint(IServiceCollection services)
    {
        services.AddGrpc();
        services.AddGrpcHealthChecks(o => o.UseHealthChecksCache = false)
            .AddCheck("agent", static () => HealthCheckResult.Healthy("the agent is running"));

        // Watch is fed by the health-check publisher after its first answer; re-check as often as before (5 s).
        services.Configure<HealthCheckPublisherOptions>(p => p.Period = TimeSpan.FromSeconds(5));
    }
}
