using NodeManager.Grpc.Internal;

namespace NodeManager.Grpc;

/// <summary>The buffer of framed messages and the loop that sends it.</summary>
internal sealed partial class ClientRequestStream<TRequest, TResponse>
{
    private readonly Lock _gate = new();
    private PooledBufferWriter? _pending;
    private PooledBufferWriter? _spare;
    private Task _sending = Task.CompletedTask;
    private bool _sendLoopRunning;
    private RpcException? _sendFailure;
    private Stream? _stream;

    /// <summary>Frames the message into the buffer and starts the send loop if it is idle; returns a task to wait on when the buffer is full.</summary>
    private Task? Enqueue(TRequest message)
    {
        lock (_gate)
        {
            ThrowIfSendFailed();
            if (_pending is null)
            {
                _pending = _spare ?? new PooledBufferWriter(256);
                _spare = null;
            }

            _channel.WriteFrame(_pending, message);
            if (_sendLoopRunning)
            {
                return _pending.WrittenCount < MaxBufferedBytes ? null : _sending;
            }

            _sendLoopRunning = true;
        }

        // Started outside the lock: the loop may run its first write synchronously. Writes are never concurrent,
        // so no other writer reads _sending before it is set.
        _sending = SendLoopAsync();
        return null;
    }

    private void ThrowIfSendFailed()
    {
        if (_sendFailure is { } failure)
        {
            throw new RpcException(failure.Status, failure.Trailers);
        }
    }

    /// <summary>Waits until everything buffered is sent (or sending failed), then returns the buffers to the pool.</summary>
    private async Task DrainAsync()
    {
        Task sending;
        lock (_gate)
        {
            sending = _sending;
        }

        await sending.ConfigureAwait(false);
        lock (_gate)
        {
            _pending?.Dispose();
            _spare?.Dispose();
            _pending = _spare = null;
        }
    }

    /// <summary>Writes and flushes the buffer until it is empty; swapping buffers lets writers fill one while the other is sent.</summary>
    private async Task SendLoopAsync()
    {
        try
        {
            var token = _call.CallToken;
            _stream ??= await _content.GetStreamAsync().WaitAsync(token).ConfigureAwait(false);
            while (true)
            {
                PooledBufferWriter batch;
                lock (_gate)
                {
                    if (_pending is not { WrittenCount: > 0 } pending)
                    {
                        _sendLoopRunning = false;
                        return;
                    }

                    batch = pending;
                    _pending = _spare;
                    _spare = null;
                }

                await _stream.WriteAsync(batch.WrittenMemory, token).ConfigureAwait(false);
                await _stream.FlushAsync(token).ConfigureAwait(false);
                batch.Reset();
                lock (_gate)
                {
                    _spare = batch;
                }
            }
        }
        catch (Exception ex)
        {
            var failure = ex as RpcException ?? await _call.FailWriteAsync(ex).ConfigureAwait(false);
            lock (_gate)
            {
                _sendFailure = failure;
                _sendLoopRunning = false;
                _pending?.Reset();
            }
        }
    }
}
