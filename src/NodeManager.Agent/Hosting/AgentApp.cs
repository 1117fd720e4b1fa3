using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using NodeManager.Agent.Facts;
using NodeManager.Agent.Heartbeats;
using NodeManager.Agent.Registration;
using NodeManager.Grpc;

namespace NodeManager.Agent.Hosting;

/// <summary>The agent host: options, the worker (registration + heartbeats), and the probe endpoint on Kestrel.</summary>
public static class AgentApp
{
    /// <summary>Builds the host; throws <see cref="AgentConfigurationException"/> listing every configuration problem.</summary>
    public static WebApplication Create(string[] args)
    {
        var builder = WebApplication.CreateSlimBuilder(AgentCommandLine.Normalize(args));
        var options = new AgentOptions();
        builder.Configuration.GetSection(AgentOptions.Section).Bind(options);
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
        builder.Services.AddSingleton(_ => GrpcChannel.ForAddress(options.Server));
        builder.Services.AddSingleton(_ => new HostFactsReader(options.HostRoot));
        builder.Services.AddSingleton<HostObserver>();
        builder.Services.AddSingleton(_ => new NodeIdStore(options.StateFile));
        builder.Services.AddSingleton<NodeRegistrar>();
        builder.Services.AddSingleton<HeartbeatBuilder>();
        builder.Services.AddSingleton<HeartbeatSession>();
        builder.Services.AddSingleton<AgentWorker>();
        builder.Services.AddHostedService(sp => sp.GetRequiredService<AgentWorker>());
        builder.Services.AddGrpcWire();
        builder.Services.AddGrpcHealth();

        var app = builder.Build();
        app.MapGrpcHealth();
        app.MapGrpcFallback();
        return app;
    }
}
