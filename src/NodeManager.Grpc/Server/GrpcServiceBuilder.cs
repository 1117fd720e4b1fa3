using Google.Protobuf;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace NodeManager.Grpc;

/// <summary>
/// Maps the methods of one gRPC service as <c>POST /{service}/{method}</c> endpoints. Conventions added
/// through <see cref="IEndpointConventionBuilder"/> apply to the methods mapped so far.
/// </summary>
public sealed class GrpcServiceBuilder : IEndpointConventionBuilder
{
    private readonly IEndpointRouteBuilder _endpoints;
    private readonly GrpcServerServices _services;
    private readonly List<IEndpointConventionBuilder> _methods = [];

    internal GrpcServiceBuilder(IEndpointRouteBuilder endpoints, GrpcServerServices services, string serviceName)
    {
        _endpoints = endpoints;
        _services = services;
        ServiceName = serviceName;
    }

    /// <summary>The fully-qualified service name, e.g. <c>nodemanager.v1.NodeService</c>.</summary>
    public string ServiceName { get; }

    public GrpcServiceBuilder Unary<TRequest, TResponse>(string method, MessageParser<TRequest> parser, Func<TRequest, ServerCallContext, Task<TResponse>> handler)
        where TRequest : class, IMessage<TRequest>
        where TResponse : class, IMessage<TResponse>
    {
        ArgumentNullException.ThrowIfNull(handler);
        return Map(method, parser, path => new UnaryServerCallHandler<TRequest, TResponse>(path, parser, _services, handler).HandleCallAsync);
    }

    public GrpcServiceBuilder ClientStreaming<TRequest, TResponse>(string method, MessageParser<TRequest> parser, Func<IAsyncStreamReader<TRequest>, ServerCallContext, Task<TResponse>> handler)
        where TRequest : class, IMessage<TRequest>
        where TResponse : class, IMessage<TResponse>
    {
        ArgumentNullException.ThrowIfNull(handler);
        return Map(method, parser, path => new ClientStreamingServerCallHandler<TRequest, TResponse>(path, parser, _services, handler).HandleCallAsync);
    }

    public GrpcServiceBuilder ServerStreaming<TRequest, TResponse>(string method, MessageParser<TRequest> parser, Func<TRequest, IServerStreamWriter<TResponse>, ServerCallContext, Task> handler)
        where TRequest : class, IMessage<TRequest>
        where TResponse : class, IMessage<TResponse>
    {
        ArgumentNullException.ThrowIfNull(handler);
        return Map(method, parser, path => new ServerStreamingServerCallHandler<TRequest, TResponse>(path, parser, _services, handler).HandleCallAsync);
    }

    public GrpcServiceBuilder DuplexStreaming<TRequest, TResponse>(string method, MessageParser<TRequest> parser, Func<IAsyncStreamReader<TRequest>, IServerStreamWriter<TResponse>, ServerCallContext, Task> handler)
        where TRequest : class, IMessage<TRequest>
        where TResponse : class, IMessage<TResponse>
    {
        ArgumentNullException.ThrowIfNull(handler);
        return Map(method, parser, path => new DuplexStreamingServerCallHandler<TRequest, TResponse>(path, parser, _services, handler).HandleCallAsync);
    }

    public void Add(Action<EndpointBuilder> convention)
    {
        foreach (var method in _methods)
        {
            method.Add(convention);
        }
    }

    public void Finally(Action<EndpointBuilder> finallyConvention)
    {
        foreach (var method in _methods)
        {
            method.Finally(finallyConvention);
        }
    }

    private GrpcServiceBuilder Map(string method, object parser, Func<string, RequestDelegate> createHandler)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(method);
        ArgumentNullException.ThrowIfNull(parser);
        if (method.Contains('/', StringComparison.Ordinal))
        {
            throw new ArgumentException($"Method name '{method}' must not contain '/'.", nameof(method));
        }

        _services.RegisterMethod(ServiceName, method);
        var path = $"/{ServiceName}/{method}";
        var endpoint = _endpoints.MapPost(path, createHandler(path)).WithDisplayName($"gRPC - {path}");
        _methods.Add(endpoint);
        return this;
    }
}
