using Google.Protobuf;
using NodeManager.Grpc.Internal;

namespace NodeManager.Grpc;

/// <summary>The request stream of a client- or duplex-streaming call: one frame per write, flushed.</summary>
internal sealed class ClientRequestStream<TRequest, TResponse> : IClientStreamWriter<TRequest>
    where TRequest : class, IMessage<TRequest>
    where TResponse : class, IMessage<TResponse>
{
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

    public async Task WriteAsync(TRequest message, CancellationToken cancellationToken = default)
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

        try
        {
            ThrowIfCallFinished();
            using var frame = _channel.SerializeFrame(message);
            using var linked = cancellationToken.CanBeCanceled
                ? CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, _call.CallToken)
                : null;
            var token = linked?.Token ?? _call.CallToken;
            var stream = await _content.GetStreamAsync().WaitAsync(token).ConfigureAwait(false);
            await stream.WriteAsync(frame.WrittenMemory, token).ConfigureAwait(false);
            await stream.FlushAsync(token).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is not RpcException and not InvalidOperationException && !cancellationToken.IsCancellationRequested)
        {
            throw await _call.FailWriteAsync(ex).ConfigureAwait(false);
        }
        finally
        {
            Volatile.Write(ref _writing, 0);
        }
    }

    public Task CompleteAsync()
    {
        _completed = true;
        _content.Complete();
        return Task.CompletedTask;
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
