using Grpc.Health.V1;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace NodeManager.Grpc;

public static class GrpcHealthExtensions
{
    /// <summary>Registers <see cref="HealthServiceImpl"/> and its probes.</summary>
    public static IServiceCollection AddGrpcHealth(this IServiceCollection services, Action<GrpcHealthOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(services);
        var options = services.AddOptions<GrpcHealthOptions>()
            .Validate(o => o.WatchInterval >= TimeSpan.FromMilliseconds(10), "GrpcHealthOptions.WatchInterval must be at least 10 ms.")
            .Validate(o => o.ProbeTimeout > TimeSpan.Zero, "GrpcHealthOptions.ProbeTimeout must be positive.")
            .ValidateOnStart();
        if (configure is not null)
        {
            options.Configure(configure);
        }

        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<HealthServiceImpl>();
        return services;
    }

    /// <summary>Maps <c>grpc.health.v1.Health</c> (Check, Watch). Requires <see cref="AddGrpcHealth"/>.</summary>
    public static GrpcServiceBuilder MapGrpcHealth(this IEndpointRouteBuilder endpoints)
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        var health = endpoints.ServiceProvider.GetService<HealthServiceImpl>()
            ?? throw new InvalidOperationException("gRPC health is not registered: call builder.Services.AddGrpcHealth() first.");
        return endpoints.MapGrpcService(HealthReflection.Descriptor.Services[0].FullName)
            .Unary<HealthCheckRequest, HealthCheckResponse>("Check", HealthCheckRequest.Parser, health.Check)
            .ServerStreaming<HealthCheckRequest, HealthCheckResponse>("Watch", HealthCheckRequest.Parser, health.Watch);
    }
}
