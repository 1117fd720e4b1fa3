using NodeManager.Core.Errors;
using NodeManager.Core.Storage;
using NodeManager.Grpc;

namespace NodeManager.Server.Grpc;

/// <summary>Domain errors as gRPC statuses (DESIGN §4); the message names the field, as in REST.</summary>
public static class GrpcErrors
{
    public static async Task<T> Run<T>(ServerCallContext context, Func<CancellationToken, Task<T>> call)
    {
        try
        {
            return await call(context.CancellationToken);
        }
        catch (Exception ex) when (ex is NodeManagerException or StoreUnavailableException)
        {
            throw Map(context, ex);
        }
    }

    /// <summary>As <see cref="Run{T}"/>, for a call without a result (a long-lived stream: one state machine, not two).</summary>
    public static async Task Run(ServerCallContext context, Func<CancellationToken, Task> call)
    {
        try
        {
            await call(context.CancellationToken);
        }
        catch (Exception ex) when (ex is NodeManagerException or StoreUnavailableException)
        {
            throw Map(context, ex);
        }
    }

    private static RpcException Map(ServerCallContext context, Exception exception)
    {
        if (exception is NodeManagerException ex)
        {
            if (ex.ConflictingNodeId is not null)
            {
                context.ResponseTrailers.Add("conflicting-node-id", ex.ConflictingNodeId);
            }

            if (ex.ResumeAfterRevision is { } resume)
            {
                context.ResponseTrailers.Add("resume-after-revision", resume.ToString(System.Globalization.CultureInfo.InvariantCulture));
            }

            return new RpcException(Map(ex.Code), ex.Message);
        }

        return new RpcException(StatusCode.Unavailable, "the node store is unavailable; retry later");
    }

    /// <summary>Streams every item of <paramref name="items"/> to <paramref name="writer"/>, mapping domain errors to statuses.</summary>
    public static Task Stream<T>(ServerCallContext context, IServerStreamWriter<T> writer, Func<CancellationToken, IAsyncEnumerable<T>> items) =>
        Run(context, async ct =>
        {
            await foreach (var item in items(ct).WithCancellation(ct))
            {
                await writer.WriteAsync(item);
            }

            return true;
        });

    public static StatusCode Map(ErrorCode code) => code switch
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
}
