using Google.Protobuf;
using Microsoft.AspNetCore.Http;
using NodeManager.Grpc.Framing;

namespace NodeManager.Grpc;

/// <summary>Validation, call context, error handling and status for one method; subclasses run the call shape.</summary>
internal abstract class ServerCallHandler<TRequest, TResponse>
    where TRequest : class, IMessage<TRequest>
    where TResponse : class, IMessage<TResponse>
{
    protected ServerCallHandler(string method, MessageParser<TRequest> parser, GrpcServerServices services)
    {
        Method = method;
        Parser = parser;
        Services = services;
    }

    protected string Method { get; }

    protected MessageParser<TRequest> Parser { get; }

    protected GrpcServerServices Services { get; }

    public Task HandleCallAsync(HttpContext httpContext)
    {
        if (!GrpcHttpValidation.TryValidate(httpContext, Services.Logger))
        {
            return Task.CompletedTask;
        }

        return HandleValidatedCallAsync(httpContext);
    }

    protected abstract Task HandleCallCoreAsync(HttpContext httpContext, ServerCallContext context);

    private async Task HandleValidatedCallAsync(HttpContext httpContext)
    {
        var context = new ServerCallContext(httpContext, Method, Services);
        try
        {
            context.Initialize();
            await HandleCallCoreAsync(httpContext, context).ConfigureAwait(false);
        }
        catch (Exception ex)
        {
            context.ProcessHandlerError(ex);
        }

        try
        {
            context.EndCall();
        }
        finally
        {
            context.DisposeCall();
        }
    }

    /// <summary>Reads exactly one request message followed by the end of the request stream.</summary>
    protected async Task<TRequest> ReadSingleRequestAsync(HttpContext httpContext, ServerCallContext context)
    {
        var request = await RequestBodyReader.ReadAsync(httpContext, context, Parser, context.CancellationToken).ConfigureAwait(false)
            ?? throw new RpcException(GrpcStatuses.RequestMissing);
        var extra = await RequestBodyReader.ReadAsync(httpContext, context, Parser, context.CancellationToken).ConfigureAwait(false);
        if (extra is not null)
        {
            throw new RpcException(GrpcStatuses.AdditionalRequest);
        }

        return request;
    }

    /// <summary>Writes the single response of a unary or client-streaming call; Kestrel flushes it with the trailers.</summary>
    protected static void WriteSingleResponse(HttpContext httpContext, ServerCallContext context, TResponse? response)
    {
        if (response is null)
        {
            throw new RpcException(GrpcStatuses.NullResponse);
        }

        if (context.IsDeadlineExceeded)
        {
            throw new RpcException(GrpcStatuses.DeadlineExceeded);
        }

        if (context.Status.StatusCode != StatusCode.OK)
        {
            // The handler chose an error status: send it trailers-only, without the message.
            return;
        }

        GrpcMessageWriter.WriteMessage(httpContext.Response.BodyWriter, response, context.MaxSendMessageSize, context.CompressResponses);
        context.MarkBodyStarted();
    }
}
