using Grpc.Core;
using Grpc.Core.Interceptors;

namespace NodeManager.Server.Grpc;

/// <summary>
/// Domain errors as gRPC statuses (<see cref="GrpcErrors"/>) for every call of the services it is registered on
/// (<see cref="GrpcHosting"/>). Registered as a singleton, so no call creates one.
/// </summary>
public sealed class GrpcErrorInterceptor : Interceptor
{
    public override async Task<TResponse> UnaryServerHandler<TRequest, TResponse>(TRequest request, ServerCallContext context, UnaryServerMethod<TRequest, TResponse> continuation)
    {
        try
        {
            return await continuation(request, context);
        }
        catch (Exception ex) when (GrpcErrors.IsDomainError(ex))
        {
            throw GrpcErrors.ToRpcException(context, ex);
        }
    }

    public override async Task ServerStreamingServerHandler<TRequest, TResponse>(TRequest request, IServerStreamWriter<TResponse> responseStream, ServerCallContext context, ServerStreamingServerMethod<TRequest, TResponse> continuation)
    {
        try
        {
            await continuation(request, responseStream, context);
        }
        catch (Exception ex) when (GrpcErrors.IsDomainError(ex))
        {
            throw GrpcErrors.ToRpcException(context, ex);
        }
    }

    public override async Task DuplexStreamingServerHandler<TRequest, TResponse>(IAsyncStreamReader<TRequest> requestStream, IServerStreamWriter<TResponse> responseStream, ServerCallContext context, DuplexStreamingServerMethod<TRequest, TResponse> continuation)
    {
        try
        {
            await continuation(requestStream, responseStream, context);
        }
        catch (Exception ex) when (GrpcErrors.IsDomainError(ex))
        {
            throw GrpcErrors.ToRpcException(context, ex);
        }
    }

    public override async Task<TResponse> ClientStreamingServerHandler<TRequest, TResponse>(IAsyncStreamReader<TRequest> requestStream, ServerCallContext context, ClientStreamingServerMethod<TRequest, TResponse> continuation)
    {
        try
        {
            return await continuation(requestStream, context);
        }
        catch (Exception ex) when (GrpcErrors.IsDomainError(ex))
        {
            throw GrpcErrors.ToRpcException(context, ex);
        }
    }
}
