using Google.Protobuf;
using Microsoft.AspNetCore.Http;
using NodeManager.Grpc.Framing;

namespace NodeManager.Grpc;

/// <summary>Reads request messages; a reset or broken request stream becomes CANCELLED instead of a handler error.</summary>
internal static class RequestBodyReader
{
    private static readonly Status ClientReset = new(StatusCode.Cancelled, "The client reset the request stream.");

    public static async ValueTask<T?> ReadAsync<T>(HttpContext httpContext, ServerCallContext context, MessageParser<T> parser, CancellationToken cancellationToken)
        where T : class, IMessage<T>
    {
        try
        {
            return await GrpcMessageReader.ReadMessageAsync(httpContext.Request.BodyReader, parser, context.ReadOptions, cancellationToken).ConfigureAwait(false);
        }
        catch (IOException ex)
        {
            throw Reset(ex);
        }
    }

    /// <summary>Kestrel reports RST_STREAM / disconnects as an IOException from the body, before RequestAborted is signaled.</summary>
    public static RpcException Reset(IOException ex) => new(new Status(ClientReset.StatusCode, ClientReset.Detail, ex));
}
