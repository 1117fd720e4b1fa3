using Google.Protobuf;
using NodeManager.Grpc.Internal;

namespace NodeManager.Grpc;

/// <summary>
/// The request stream of a client- or duplex-streaming call. A write frames the message into a buffer and
/// returns; one send loop (<see cref="SendLoopAsync"/>) writes and flushes the buffer to the HTTP/2 stream.
/// On an idle stream a message goes out at once; messages written while a send is in flight are coalesced into
/// the next DATA frame instead of paying a frame, a write and a flush each. A writer waits only when
/// <see cref="MaxBufferedBytes"/> are already buffered.
/// </summary>
internal sealed partial class ClientRequestStream<TRequest, TResponse> : IClientStreamWriter<TRequest>
    where TRequest : class, IMessage<TRequest>
    where TResponse : class, IMessage<TResponse>
{
    /// <summary>Bytes buffered behind the send in flight before a writer waits for it.</summary>
    internal const int MaxBufferedBytes = 64 * 1024;

    private readonly GrpcCall<TRequest, TResponse> _call;
    private readonly StreamingRequestContent _content;
    private readonly GrpcChannel _channel;
    private int _writing;
    private bool _completed;

    public ClientRequestStream(GrpcCall<TRequest, TResponse> call, StreamingRequestContent content, GrpcChannel channel)
    {
        _call = call;
        _content = content;
        _channel = channel;
    }

    public Task WriteAsync(TRequest message, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(message);
        if (_completed)
        {
            throw new InvalidOperationException("The request stream has already been completed.");
        }

        if (Interlocked.Exchange(ref _writing, 1) == 1)
        {
            GrpcThrowHelper.ThrowConcurrentWrite();
        }

        Task? wait;
        try
        {
            cancellationToken.ThrowIfCancellationRequested();
            ThrowIfCallFinished();
            wait = Enqueue(message);
        }
        catch
        {
            Volatile.Write(ref _writing, 0);
            throw;
        }

        if (wait is null)
        {
            Volatile.Write(ref _writing, 0);
            return Task.CompletedTask;
        }

        return WaitForSendAsync(wait, cancellationToken);
    }

    /// <summary>Sends what is buffered, then ends the request stream (END_STREAM). A failed send is reported by the response.</summary>
    public async Task CompleteAsync()
    {
        _completed = true;
        await DrainAsync().ConfigureAwait(false);
        _content.Complete();
    }

    /// <summary>Backpressure: the buffer is full, so wait for the send in flight before returning.</summary>
    private async Task WaitForSendAsync(Task sending, CancellationToken cancellationToken)
    {
        try
        {
            await sending.WaitAsync(cancellationToken).ConfigureAwait(false);
            ThrowIfSendFailed();
        }
        finally
        {
            Volatile.Write(ref _writing, 0);
        }
    }

    private void ThrowIfCallFinished()
    {
        if (_call.IsFinished)
        {
            _call.ThrowIfNotOk();
            throw new InvalidOperationException("Can't write the message because the call is complete.");
        }
    }
}
