using Grpc.Net.Compression;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using NodeManager.Contracts.V1;
using NodeManager.Core.Storage;
using NodeManager.Server.Kestrel;
using NodeManager.Server.N0stack;
using NodeManager.Server.Security;
using Pool = NodeManager.Contracts.N0stack.Pool;

namespace NodeManager.Server.Grpc;

/// <summary>The gRPC surface on Grpc.AspNetCore: services, errors, limits, grpc.health.v1, reflection, and the transport below.</summary>
public static class GrpcHosting
{
    /// <summary>Largest request message, before and after decompression (the gRPC default).</summary>
    public const int MaxReceiveMessageSize = 4 * 1024 * 1024;

    /// <summary>How often grpc.health.v1 Watch streams see a fresh store check.</summary>
    public static readonly TimeSpan HealthPublishPeriod = TimeSpan.FromSeconds(5);

    private const string StoreCheck = "store";

    private static readonly string[] ServiceNames =
    [
        NodeService.Descriptor.FullName, HealthService.Descriptor.FullName, LifecycleService.Descriptor.FullName,
        ReservationService.Descriptor.FullName, Pool.NodeService.Descriptor.FullName,
    ];

    public static WebApplicationBuilder AddNodeManagerGrpc(this WebApplicationBuilder builder)
    {
        var services = builder.Services;
        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            kestrel.ConfigureGrpcKestrel(builder.Configuration);
            kestrel.MarkGrpcEndpoint(builder.Configuration);
        });
        services.AddGrpcKestrelMemoryPool(builder.Configuration);

        services.AddSingleton<GrpcErrorInterceptor>();
        services.AddGrpc(grpc =>
            {
                grpc.MaxReceiveMessageSize = MaxReceiveMessageSize;
                grpc.EnableDetailedErrors = builder.Environment.IsDevelopment();
                grpc.CompressionProviders = new List<ICompressionProvider> { new CappedGzipCompressionProvider(MaxReceiveMessageSize) };
            })
            // Domain errors: the interceptor on each service but HealthService. With an interceptor, Grpc.AspNetCore keeps
            // three more async frames alive per call (the pipeline's, its invoker's and ours), about 0.5 KB for as long as
            // a heartbeat stream lives: 50 MB at 100,000 agents (measured with dotnet-gcdump). HealthService maps its own.
            .AddServiceOptions<NodeGrpcService>(o => o.Interceptors.Add<GrpcErrorInterceptor>())
            .AddServiceOptions<LifecycleGrpcService>(o => o.Interceptors.Add<GrpcErrorInterceptor>())
            .AddServiceOptions<ReservationGrpcService>(o => o.Interceptors.Add<GrpcErrorInterceptor>())
            .AddServiceOptions<N0stackGrpcService>(o => o.Interceptors.Add<GrpcErrorInterceptor>());

        // The services are singletons over singletons: no per-call construction.
        services.AddSingleton<NodeGrpcService>();
        services.AddSingleton<HealthGrpcService>();
        services.AddSingleton<LifecycleGrpcService>();
        services.AddSingleton<ReservationGrpcService>();
        services.AddSingleton<N0stackGrpcService>();

        // grpc.health.v1: the whole server ("") and each of our services are SERVING while the store answers.
        services.AddHealthChecks().AddCheck<StoreHealthCheck>(StoreCheck, timeout: HealthPublishPeriod);
        services.Configure<HealthCheckPublisherOptions>(o =>
        {
            o.Delay = TimeSpan.Zero;
            o.Period = HealthPublishPeriod;
        });
        services.AddGrpcHealthChecks(o =>
        {
            o.Services.Map("", _ => true);
            foreach (var name in ServiceNames)
            {
                o.Services.Map(name, _ => true);
            }

            o.UseHealthChecksCache = false;
        });
        services.AddGrpcReflection();
        return builder;
    }

    public static WebApplication MapNodeManagerGrpc(this WebApplication app)
    {
        app.MapGrpcService<NodeGrpcService>();
        app.MapGrpcService<HealthGrpcService>();
        app.MapGrpcService<LifecycleGrpcService>();
        app.MapGrpcService<ReservationGrpcService>();
        app.MapGrpcService<N0stackGrpcService>();
        app.MapGrpcHealthChecksService().AllowAnonymous(); // probes (kubelet, load balancers) carry no credentials
        app.MapGrpcReflectionService().RequireAuthorization(Policies.Viewer);
        return app;
    }

    /// <summary>The store's ping as an ASP.NET Core health check.</summary>
    private sealed class StoreHealthCheck(INodeStore store) : IHealthCheck
    {
        public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default) =>
            await store.PingAsync(cancellationToken) ? HealthCheckResult.Healthy() : HealthCheckResult.Unhealthy("the node store does not answer");
    }
}
