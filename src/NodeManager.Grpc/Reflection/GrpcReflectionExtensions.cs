using Google.Protobuf.Reflection;
using Grpc.Reflection.V1;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Routing;
using V1Alpha = Grpc.Reflection.V1Alpha;

namespace NodeManager.Grpc;

public static class GrpcReflectionExtensions
{
    /// <summary>
    /// Maps server reflection (v1 and v1alpha) describing <paramref name="services"/> and the reflection
    /// services themselves, so <c>grpcurl</c> and <c>grpc_cli</c> work without proto files.
    /// </summary>
    public static IEndpointConventionBuilder MapGrpcReflection(this IEndpointRouteBuilder endpoints, params ServiceDescriptor[] services)
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        ArgumentNullException.ThrowIfNull(services);
        var v1 = ReflectionReflection.Descriptor.Services[0];
        var v1Alpha = V1Alpha.ReflectionReflection.Descriptor.Services[0];
        var reflection = new ReflectionServiceImpl([.. services, v1, v1Alpha]);
        var v1Builder = endpoints.MapGrpcService(v1.FullName)
            .DuplexStreaming<ServerReflectionRequest, ServerReflectionResponse>("ServerReflectionInfo", ServerReflectionRequest.Parser, reflection.ServerReflectionInfo);
        var v1AlphaBuilder = endpoints.MapGrpcService(v1Alpha.FullName)
            .DuplexStreaming<V1Alpha.ServerReflectionRequest, V1Alpha.ServerReflectionResponse>("ServerReflectionInfo", V1Alpha.ServerReflectionRequest.Parser, reflection.ServerReflectionInfoV1Alpha);
        return new CompositeEndpointConventionBuilder([v1Builder, v1AlphaBuilder]);
    }

    /// <summary>Maps server reflection for every service declared in <paramref name="files"/>.</summary>
    public static IEndpointConventionBuilder MapGrpcReflection(this IEndpointRouteBuilder endpoints, params FileDescriptor[] files)
    {
        ArgumentNullException.ThrowIfNull(files);
        return endpoints.MapGrpcReflection(files.SelectMany(file => file.Services).ToArray());
    }
}
