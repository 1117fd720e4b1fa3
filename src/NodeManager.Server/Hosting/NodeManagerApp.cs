using NodeManager.Core.Storage;
using NodeManager.Server.Alcor;
using NodeManager.Server.Changes;
using NodeManager.Server.Cluster;
using NodeManager.Server.Grpc;
using NodeManager.Server.Health;
using NodeManager.Server.History;
using NodeManager.Server.Lifecycle;
using NodeManager.Server.Metrics;
using NodeManager.Server.N0stack;
using NodeManager.Server.Nodes;
using NodeManager.Server.Reservations;
using NodeManager.Server.Rest;
using NodeManager.Server.Ui;
using NodeManager.Server.Security;
using NodeManager.Storage.Sqlite;

namespace NodeManager.Server.Hosting;

/// <summary>Wires the host: <c>builder.AddNodeManager()</c> and <c>app.MapNodeManager()</c>.</summary>
public static class NodeManagerApp
{
    /// <summary>Builds the application the way <c>Program</c> does; tests use it to run the real host.</summary>
    public static WebApplication Create(string[] args, Action<ConfigurationManager>? configure = null)
    {
        // appsettings.json is read from beside the binary, whatever the working directory; relative
        // paths in the configuration (the SQLite file, the import file) are taken from the working directory.
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { Args = args, ContentRootPath = AppContext.BaseDirectory });
        configure?.Invoke(builder.Configuration);
        builder.AddNodeManager();
        var app = builder.Build();
        app.MapNodeManager();
        return app;
    }

    public static WebApplicationBuilder AddNodeManager(this WebApplicationBuilder builder)
    {
        var options = builder.Configuration.GetSection(NodeManagerOptions.Section).Get<NodeManagerOptions>() ?? new NodeManagerOptions();
        var dashboard = builder.Configuration.GetSection(DashboardSettings.Section).Get<DashboardSettings>() ?? new DashboardSettings();
        var kubernetes = builder.Configuration.GetSection(KubernetesHostingSettings.Section).Get<KubernetesHostingSettings>() ?? new KubernetesHostingSettings();
        var silo = OptionsValidator.Validate(options, dashboard, kubernetes, builder.Configuration);
        builder.AddNodeManagerSecurity();
        builder.Services.Configure<NodeManagerOptions>(builder.Configuration.GetSection(NodeManagerOptions.Section));
        builder.Services.AddSingleton(TimeProvider.System);
        builder.Services.AddSingleton<INodeStore>(_ => StoreFactory.Create(options, builder.Configuration));
        builder.Services.AddSingleton<NodeServiceImpl>();
        builder.Services.AddSingleton<AlcorNodeService>();
        builder.Services.AddSingleton<N0stackNodeService>();
        builder.Services.AddSingleton(options.Health);
        builder.Services.AddSingleton<IHealthStore>(sp => (IHealthStore)sp.GetRequiredService<INodeStore>());
        builder.Services.AddSingleton<HealthRegistry>();
        builder.Services.AddSingleton<IChangeListener>(sp => sp.GetRequiredService<HealthRegistry>());
        builder.Services.AddSingleton(options.Events);
        builder.Services.AddSingleton<IChangeFeed>(sp => (IChangeFeed)sp.GetRequiredService<INodeStore>());
        builder.Services.AddSingleton<ChangeFeedHub>();
        builder.Services.AddSingleton<WatchStream>();
        builder.Services.AddSingleton<WatchService>();
        builder.Services.AddSingleton<ClusterHealth>();
        builder.Services.AddSingleton<HealthTransitions>();
        builder.Services.AddSingleton<HeartbeatIntake>();
        builder.Services.AddSingleton<AgentProber>();
        builder.Services.AddSingleton<SiloNodeHealth>();
        builder.Services.AddSingleton<NodeManager.Grains.Nodes.ISiloNodeHealth>(sp => sp.GetRequiredService<SiloNodeHealth>());
        builder.Services.AddSingleton<NodeHealthService>();
        builder.Services.AddSingleton<ProblemDetailsFilter>();
        builder.Services.AddSingleton(options.Lifecycle);
        builder.Services.AddSingleton(sp => (NodeManager.Core.Lifecycle.ILifecycleStore)sp.GetRequiredService<INodeStore>());
        builder.Services.AddSingleton(sp => (NodeManager.Core.Lifecycle.IOperationStore)sp.GetRequiredService<INodeStore>());
        builder.Services.AddSingleton(sp => (NodeManager.Core.Reservations.IReservationStore)sp.GetRequiredService<INodeStore>());
        builder.Services.AddSingleton<LifecycleServiceImpl>();
        builder.Services.AddSingleton<ReservationServiceImpl>();
        // Order matters: hosted services start in registration order, and the store must be migrated first.
        builder.Services.AddHostedService<StoreInitializer>();
        builder.Services.AddHostedService<HealthSweeper>();
        builder.Services.AddHostedService<HeartbeatStreamDrain>();
        builder.Services.AddHostedService<HealthPolicyReloader>();
        builder.Services.AddHostedService(sp => sp.GetRequiredService<ChangeFeedHub>());
        builder.Services.AddHostedService<ChangeFeedCompactor>();
        builder.Services.AddHostedService<NodeManager.Grains.Lifecycle.OperationResumer>();
        builder.AddNodeHistory(options.History);
        builder.AddNodeManagerGrpc();
        builder.AddNodeManagerSilo(silo, dashboard, kubernetes);
        builder.AddNodeManagerUi();
        builder.AddNodeManagerTelemetry(options.Telemetry);
        return builder;
    }

    public static WebApplication MapNodeManager(this WebApplication app)
    {
        app.UseRouting();
        app.UseGrpcEndpointOnly(app.Configuration);
        app.UseNodeManagerSecurity();
        app.MapGet("/healthz", () => Results.Text("ok")).AllowAnonymous();
        app.MapNodeManagerTelemetry();
        app.MapGet("/readyz", async (INodeStore store, MembershipStoreMonitor membership, CancellationToken ct) =>
            !await store.PingAsync(ct) ? Results.Text("store unreachable", statusCode: 503)
            : membership.Problem is { } problem ? Results.Text($"ready; {problem}")
            : Results.Text("ready")).AllowAnonymous();
        app.MapNodesApi();
        app.MapGet("/openapi/v1.json", () => Results.Text(OpenApiDocument.Json, "application/json")).RequireAuthorization(Policies.Viewer);
        app.MapHealthApi();
        app.MapEventsApi();
        app.MapAlcorApi();
        app.MapLifecycleApi();
        app.MapReservationsApi();
        app.MapNodeHistory();
        app.MapNodeManagerGrpc();
        app.MapNodeManagerSilo();
        app.MapNodeManagerUi();
        return app;
    }
}
