using System.Globalization;
using Grpc.Core;
using Grpc.Core.Interceptors;
using NodeManager.Core.Errors;
using NodeManager.Core.Storage;

namespace NodeManager.Server.Grpc;

/// <summary>
/// Domain errors as gRPC statuses, in one place for every service (DESIGN §5): the message names the field,
/// as in REST; a conflict names the other node and a watch cut off names where to resume, in trailers.
/// Registered as a singleton, so no call creates one.
/// </summary>
public sealed class GrpcErrorInterceptor : Interceptor
{
    public override async Task<TResponse> UnaryServerHandler<TRequest, TResponse>(TRequest request, ServerCallContext context, UnaryServerMethod<TRequest, TResponse> continuation)
    {
        try
        {
            return await continuation(request, context);
        }
        catch (Exception ex) when (ex is NodeManagerException or StoreUnavailableException)
        {
            throw ToRpcException(context, ex);
        }
    }

    public override async Task ServerStreamingServerHandler<TRequest, TResponse>(TRequest request, IServerStreamWriter<TResponse> responseStream, ServerCallContext context, ServerStreamingServerMethod<TRequest, TResponse> continuation)
    {
        try
        {
            await continuation(request, responseStream, context);
        }
        catch (Exception ex) when (ex is NodeManagerException or StoreUnavailableException)
        {
            throw ToRpcException(context, ex);
        }
    }

    public override async Task DuplexStreamingServerHandler<TRequest, TResponse>(IAsyncStreamReader<TRequest> requestStream, IServerStreamWriter<TResponse> responseStream, ServerCallContext context, DuplexStreamingServerMethod<TRequest, TResponse> continuation)
    {
        try
        {
            await continuation(requestStream, responseStream, context);
        }
        catch (Exception ex) when (ex is NodeManagerException or StoreUnavailableException)
        {
            throw ToRpcException(context, ex);
        }
    }

    public override async Task<TResponse> ClientStreamingServerHandler<TRequest, TResponse>(IAsyncStreamReader<TRequest> requestStream, ServerCallContext context, ClientStreamingServerMethod<TRequest, TResponse> continuation)
    {
        try
        {
            return await continuation(requestStream, context);
        }
        catch (Exception ex) when (ex is NodeManagerException or StoreUnavailableException)
        {
            throw ToRpcException(context, ex);
        }
    }

    /// <summary>The gRPC code of a domain error code.</summary>
    public static StatusCode ToStatusCode(ErrorCode code) => code switch
    {
        ErrorCode.InvalidArgument => StatusCode.InvalidArgument,
        ErrorCode.NotFound => StatusCode.NotFound,
        ErrorCode.AlreadyExists => StatusCode.AlreadyExists,
        ErrorCode.Aborted => StatusCode.Aborted,
        ErrorCode.FailedPrecondition => StatusCode.FailedPrecondition,
        ErrorCode.PayloadTooLarge => StatusCode.ResourceExhausted,
        ErrorCode.Unavailable => StatusCode.Unavailable,
        ErrorCode.OutOfRange => StatusCode.OutOfRange,
        ErrorCode.ResourceExhausted => StatusCode.ResourceExhausted,
        _ => StatusCode.Internal,
    };

    private static RpcException ToRpcException(ServerCallContext context, Exception exception)
    {
        if (exception is not NodeManagerException ex)
        {
            return new RpcException(new Status(StatusCode.Unavailable, "the node store is unavailable; retry later"));
        }

        if (ex.ConflictingNodeId is not null)
        {
            context.ResponseTrailers.Add("conflicting-node-id", ex.ConflictingNodeId);
        }

        if (ex.ResumeAfterRevision is { } resume)
        {
            context.ResponseTrailers.Add("resume-after-revision", resume.ToString(CultureInfo.InvariantCulture));
        }

        return new RpcException(new Status(ToStatusCode(ex.Code), ex.Message));
    }
}
