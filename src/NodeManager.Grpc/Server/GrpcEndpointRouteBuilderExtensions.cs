using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using NodeManager.Grpc.Internal;

namespace NodeManager.Grpc;

public static class GrpcEndpointRouteBuilderExtensions
{
    /// <summary>Starts mapping the methods of <paramref name="serviceName"/> (fully qualified, e.g. <c>nodemanager.v1.NodeService</c>).</summary>
    public static GrpcServiceBuilder MapGrpcService(this IEndpointRouteBuilder endpoints, string serviceName)
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        ArgumentException.ThrowIfNullOrWhiteSpace(serviceName);
        if (serviceName.Contains('/', StringComparison.Ordinal))
        {
            throw new ArgumentException($"Service name '{serviceName}' must not contain '/'.", nameof(serviceName));
        }

        return new GrpcServiceBuilder(endpoints, GetServices(endpoints), serviceName);
    }

    /// <summary>
    /// Answers <c>POST /{service}/{method}</c> requests with an <c>application/grpc*</c> content type that no mapped
    /// method matched: UNIMPLEMENTED, trailers-only. Other POSTs to such paths get 404. Lowest route priority.
    /// </summary>
    public static IEndpointConventionBuilder MapGrpcFallback(this IEndpointRouteBuilder endpoints)
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        var services = GetServices(endpoints);
        var builder = endpoints.MapPost("{unimplementedService}/{unimplementedMethod}", context => HandleUnimplemented(context, services))
            .WithDisplayName("gRPC - unimplemented");
        builder.Add(endpoint => ((RouteEndpointBuilder)endpoint).Order = int.MaxValue);
        return builder;
    }

    private static Task HandleUnimplemented(HttpContext context, GrpcServerServices services)
    {
        if (!GrpcProtocolConstants.IsAnyGrpcContentType(context.Request.ContentType))
        {
            context.Response.StatusCode = StatusCodes.Status404NotFound;
            return Task.CompletedTask;
        }

        GrpcServerLog.Unimplemented(services.Logger, context.Request.Path);
        var service = context.Request.RouteValues["unimplementedService"] as string ?? string.Empty;
        var method = context.Request.RouteValues["unimplementedMethod"] as string ?? string.Empty;
        var detail = services.IsKnownService(service) ? $"Method is unimplemented: '{method}'." : $"Service is unimplemented: '{service}'.";
        var response = context.Response;
        response.StatusCode = StatusCodes.Status200OK;
        response.ContentType = GrpcProtocolConstants.ContentType;
        response.Headers[GrpcProtocolConstants.StatusTrailer] = GrpcStatuses.ToHeaderValue(StatusCode.Unimplemented);
        response.Headers[GrpcProtocolConstants.MessageTrailer] = GrpcMessageEncoding.Encode(detail);
        return Task.CompletedTask;
    }

    private static GrpcServerServices GetServices(IEndpointRouteBuilder endpoints) =>
        endpoints.ServiceProvider.GetService<GrpcServerServices>()
        ?? throw new InvalidOperationException("The gRPC wire layer is not registered: call builder.Services.AddGrpcWire() first.");
}
