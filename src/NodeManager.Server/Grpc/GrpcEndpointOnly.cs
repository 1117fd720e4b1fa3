using Grpc.AspNetCore.Server;
using Microsoft.AspNetCore.Connections;
using Microsoft.AspNetCore.Server.Kestrel.Core;

namespace NodeManager.Server.Grpc;

/// <summary>
/// Serves gRPC on the gRPC endpoint only (<c>Kestrel:Endpoints:Grpc</c>): connections accepted there carry a
/// marker feature, and a gRPC request that arrives on any other endpoint (the REST port) gets 404, as any
/// unknown path does there. Without a configured <c>Grpc</c> endpoint (e.g. <c>--urls</c>) nothing is restricted.
/// Requests on the gRPC endpoint run on the root service provider: every gRPC service and interceptor here is a
/// singleton, and a per-request DI scope would otherwise live as long as each heartbeat stream (one per agent).
/// </summary>
public static class GrpcEndpointOnly
{
    private const string EndpointName = "Grpc";

    /// <summary>Marks the connections of the named gRPC endpoint.</summary>
    public static void MarkGrpcEndpoint(this KestrelServerOptions kestrel, IConfiguration configuration)
    {
        var loader = kestrel.ConfigurationLoader ?? kestrel.Configure(configuration.GetSection("Kestrel"));
        loader.Endpoint(EndpointName, endpoint => endpoint.ListenOptions.Use(next => connection =>
        {
            connection.Features.Set(GrpcEndpointFeature.Instance);
            return next(connection);
        }));
    }

    /// <summary>After routing: a gRPC request (by endpoint or content type) on a connection not marked gets 404.</summary>
    public static IApplicationBuilder UseGrpcEndpointOnly(this IApplicationBuilder app, IConfiguration configuration)
    {
        if (!configuration.GetSection($"Kestrel:Endpoints:{EndpointName}").Exists())
        {
            return app;
        }

        var root = app.ApplicationServices;
        return app.Use((context, next) =>
        {
            if (!IsGrpc(context))
            {
                return next(context);
            }

            if (context.Features.Get<GrpcEndpointFeature>() is null)
            {
                context.SetEndpoint(null);
                context.Response.StatusCode = StatusCodes.Status404NotFound;
                return Task.CompletedTask;
            }

            context.RequestServices = root;
            return next(context);
        });
    }

    private static bool IsGrpc(HttpContext context) =>
        context.GetEndpoint()?.Metadata.GetMetadata<GrpcMethodMetadata>() is not null
        || (context.Request.ContentType?.StartsWith("application/grpc", StringComparison.OrdinalIgnoreCase) ?? false);

    /// <summary>Present on the connections of the gRPC endpoint.</summary>
    private sealed class GrpcEndpointFeature
    {
        public static readonly GrpcEndpointFeature Instance = new();
    }
}
