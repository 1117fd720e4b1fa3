using Google.Protobuf;
using Microsoft.AspNetCore.Http;
using NodeManager.Grpc.Framing;
using NodeManager.Grpc.Internal;

namespace NodeManager.Grpc;

/// <summary>The response stream: each message is framed into the response pipe and flushed.</summary>
internal sealed class HttpContextStreamWriter<T> : IServerStreamWriter<T>
    where T : class, IMessage<T>
{
    private readonly HttpContext _httpContext;
    private readonly ServerCallContext _context;
    private System.IO.Pipelines.PipeWriter? _body;
    private int _writing;

    public HttpContextStreamWriter(HttpContext httpContext, ServerCallContext context)
    {
        _httpContext = httpContext;
        _context = context;
    }

    public Task WriteAsync(T message, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(message);
        if (Interlocked.Exchange(ref _writing, 1) == 1)
        {
            GrpcThrowHelper.ThrowConcurrentWrite();
        }

        try
        {
            _context.CancellationToken.ThrowIfCancellationRequested();
            var writer = _body ??= _httpContext.Response.BodyWriter;
            GrpcMessageWriter.WriteMessage(writer, message, _context.MaxSendMessageSize, _context.CompressResponses);
            _context.MarkBodyStarted();
            var token = cancellationToken.CanBeCanceled ? cancellationToken : _context.CancellationToken;
            var flush = writer.FlushAsync(token);
            if (flush.IsCompletedSuccessfully)
            {
                if (flush.Result.IsCanceled)
                {
                    throw new OperationCanceledException("The write was canceled.");
                }

                Volatile.Write(ref _writing, 0);
                return Task.CompletedTask;
            }

            return AwaitFlushAsync(flush);
        }
        catch
        {
            Volatile.Write(ref _writing, 0);
            throw;
        }
    }

    private async Task AwaitFlushAsync(ValueTask<System.IO.Pipelines.FlushResult> flush)
    {
        try
        {
            var result = await flush.ConfigureAwait(false);
            if (result.IsCanceled)
            {
                throw new OperationCanceledException("The write was canceled.");
            }
        }
        finally
        {
            Volatile.Write(ref _writing, 0);
        }
    }
}
