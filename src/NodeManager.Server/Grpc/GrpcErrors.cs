using System.Globalization;
using Grpc.Core;
using NodeManager.Core.Errors;
using NodeManager.Core.Storage;

namespace NodeManager.Server.Grpc;

/// <summary>
/// Domain errors as gRPC statuses, the one mapping (DESIGN §5): the message names the field, as in REST; a conflict
/// names the other node and a watch cut off names where to resume, in trailers. Applied by
/// <see cref="GrpcErrorInterceptor"/>, and directly by <see cref="HealthGrpcService"/> (see <see cref="GrpcHosting"/>).
/// </summary>
public static class GrpcErrors
{
    public static bool IsDomainError(Exception exception) => exception is NodeManagerException or StoreUnavailableException;

    /// <summary>The status of a domain error; trailers go to <paramref name="context"/>.</summary>
    public static RpcException ToRpcException(ServerCallContext context, Exception exception)
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
        ErrorCode.PermissionDenied => StatusCode.PermissionDenied,
        _ => StatusCode.Internal,
    };

    /// <summary>Runs a call, its domain errors mapped (for services without the interceptor).</summary>
    public static async Task<T> Run<T>(ServerCallContext context, Func<CancellationToken, Task<T>> call)
    {
        try
        {
            return await call(context.CancellationToken);
        }
        catch (Exception ex) when (IsDomainError(ex))
        {
            throw ToRpcException(context, ex);
        }
    }

    /// <summary>As <see cref="Run{T}"/>, for a call without a result.</summary>
    public static async Task Run(ServerCallContext context, Func<CancellationToken, Task> call)
    {
        try
        {
            await call(context.CancellationToken);
        }
        catch (Exception ex) when (IsDomainError(ex))
        {
            throw ToRpcException(context, ex);
        }
    }
}
