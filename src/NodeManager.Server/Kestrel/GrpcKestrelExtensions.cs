using Microsoft.AspNetCore.Connections;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace NodeManager.Server.Kestrel;

public static class GrpcKestrelExtensions
{
    /// <summary>
    /// Applies HTTP/2 limits suited to many long-lived gRPC streams from <c>NodeManager:Grpc</c>
    /// (see <see cref="GrpcKestrelOptions"/>). Endpoints and URLs are left to the host.
    /// Throws <see cref="OptionsValidationException"/> listing every invalid value.
    /// </summary>
    public static KestrelServerOptions ConfigureGrpcKestrel(this KestrelServerOptions kestrel, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(kestrel);
        ArgumentNullException.ThrowIfNull(configuration);
        return kestrel.ConfigureGrpcKestrel(Bind(configuration));
    }

    /// <summary>Applies the given HTTP/2 limits; see <see cref="ConfigureGrpcKestrel(KestrelServerOptions, IConfiguration)"/>.</summary>
    public static KestrelServerOptions ConfigureGrpcKestrel(this KestrelServerOptions kestrel, GrpcKestrelOptions options)
    {
        ArgumentNullException.ThrowIfNull(kestrel);
        ArgumentNullException.ThrowIfNull(options);
        ThrowIfInvalid(options);
        var http2 = kestrel.Limits.Http2;
        http2.MaxStreamsPerConnection = options.MaxStreamsPerConnection;
        http2.InitialConnectionWindowSize = options.InitialConnectionWindowSize;
        http2.InitialStreamWindowSize = options.InitialStreamWindowSize;
        http2.KeepAlivePingDelay = options.KeepAlivePingDelay;
        http2.KeepAlivePingTimeout = options.KeepAlivePingTimeout;
        return kestrel;
    }

    /// <summary>
    /// Gives Kestrel's transport buffer pools that keep idle blocks only up to recent demand
    /// (<see cref="TrimmingBlockMemoryPool"/>), sized by <c>NodeManager:Grpc:BufferBlockSize</c> and
    /// <c>BufferPoolDemandWindow</c>. Throws <see cref="OptionsValidationException"/> listing every invalid value.
    /// </summary>
    public static IServiceCollection AddGrpcKestrelMemoryPool(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configuration);
        var options = Bind(configuration);
        ThrowIfInvalid(options);
        services.TryAddSingleton(TimeProvider.System);
        services.AddSingleton(sp => new TrimmingBlockMemoryPoolFactory(options, sp.GetRequiredService<TimeProvider>()));
        services.AddSingleton<IMemoryPoolFactory<byte>>(sp => sp.GetRequiredService<TrimmingBlockMemoryPoolFactory>());
        return services;
    }

    private static GrpcKestrelOptions Bind(IConfiguration configuration)
    {
        var options = new GrpcKestrelOptions();
        configuration.GetSection(GrpcKestrelOptions.SectionName).Bind(options);
        return options;
    }

    private static void ThrowIfInvalid(GrpcKestrelOptions options)
    {
        var failures = options.Validate();
        if (failures.Count > 0)
        {
            throw new OptionsValidationException(GrpcKestrelOptions.SectionName, typeof(GrpcKestrelOptions), failures);
        }
    }
}
