using Grpc.Core;
using NodeManager.Contracts.V1;
using NodeManager.Simulator.Measure;

namespace NodeManager.Simulator.Agents;

/// <summary>
/// The single writer of one <c>StreamHeartbeats</c> request stream. Grpc.Net.Client serializes and flushes
/// every write and fails a write started while another is pending, so at most one write is in flight here.
/// A beat due while a write is pending is queued (one; a further beat before it went out is counted skipped)
/// and written by the completion of the pending write. The caller never waits: a beat is a compare-and-swap
/// plus, on an idle stream, the synchronous part of <c>WriteAsync</c>.
/// </summary>
/// <remarks>
/// Nothing here is allocated per heartbeat: one message per stream, re-stamped before each write (never while
/// a write of it is pending), and a cached completion delegate registered with <c>UnsafeOnCompleted</c>.
/// </remarks>
internal sealed class HeartbeatWriter
{
    private const int Idle = 0;
    private const int Writing = 1;
    private const int WritingOneQueued = 2;
    private const int Draining = 3; // goodbye waits for the write in flight; beats are refused
    private const int Closed = 4;

    private readonly IClientStreamWriter<Heartbeat> _requests;
    private readonly Heartbeat _heartbeat;
    private readonly SimAgent _agent;
    private readonly FleetCounters _counters;
    private readonly Action _onWritten;
    private Task _write = Task.CompletedTask;
    private TaskCompletionSource? _drained;
    private long _queuedAt;
    private int _state;

    public HeartbeatWriter(SimAgent agent, IClientStreamWriter<Heartbeat> requests, FleetCounters counters)
    {
        (_agent, _requests, _counters) = (agent, requests, counters);
        _heartbeat = new Heartbeat { NodeId = agent.NodeId };
        _onWritten = OnWritten;
    }

    /// <summary>Writes a heartbeat due at <paramref name="dueAt"/> now, or after the pending write. False once closed.</summary>
    public bool Beat(long dueAt)
    {
        while (true)
        {
            switch (Volatile.Read(ref _state))
            {
                case Idle when Interlocked.CompareExchange(ref _state, Writing, Idle) == Idle:
                    WriteFrom(dueAt);
                    return true;
                case Writing:
                    // Read by the completion only after it saw WritingOneQueued, so written before the swap.
                    Volatile.Write(ref _queuedAt, dueAt);
                    if (Interlocked.CompareExchange(ref _state, WritingOneQueued, Writing) == Writing)
                    {
                        return true;
                    }

                    break;
                case WritingOneQueued:
                    _counters.Skipped();
                    return true;
                case Draining or Closed:
                    return false;
            }
        }
    }

    /// <summary>No more writes (the call is being reset or is over). A write in flight fails or completes unobserved.</summary>
    public void Close()
    {
        if (Interlocked.Exchange(ref _state, Closed) == Draining)
        {
            Volatile.Read(ref _drained)?.TrySetResult();
        }
    }

    /// <summary>
    /// Graceful end: waits for the write in flight (a queued beat is dropped), writes a heartbeat with goodbye,
    /// then completes the request stream (END_STREAM). Throws when the stream failed or is already closed.
    /// </summary>
    public async Task GoodbyeAsync(TimeSpan timeout)
    {
        var drained = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        Volatile.Write(ref _drained, drained);
        while (true)
        {
            var state = Volatile.Read(ref _state);
            if (state is Draining or Closed)
            {
                throw new InvalidOperationException("the heartbeat stream is already closed");
            }

            if (Interlocked.CompareExchange(ref _state, Draining, state) == state)
            {
                if (state != Idle)
                {
                    await drained.Task.WaitAsync(timeout);
                }

                break;
            }
        }

        // Draining and no write in flight: this method owns the stream now (Closed means the last write failed).
        if (Volatile.Read(ref _state) != Draining)
        {
            throw new InvalidOperationException("the heartbeat stream broke before the goodbye");
        }

        _heartbeat.Goodbye = true;
        _heartbeat.Seq = _agent.NextSeq();
        try
        {
            await _requests.WriteAsync(_heartbeat).WaitAsync(timeout);
            await _requests.CompleteAsync().WaitAsync(timeout);
        }
        finally
        {
            Volatile.Write(ref _state, Closed);
        }
    }

    /// <summary>Writes from the caller's thread; continues with the queued beat while writes complete synchronously.</summary>
    private void WriteFrom(long dueAt)
    {
        while (true)
        {
            _heartbeat.Seq = _agent.Awaiting(dueAt);
            Task write;
            try
            {
                write = _requests.WriteAsync(_heartbeat);
                _counters.Sent();
            }
            catch (Exception ex) when (ex is InvalidOperationException or RpcException or IOException or OperationCanceledException)
            {
                // Thrown before anything was sent (e.g. ObjectDisposedException: the call was disposed meanwhile).
                write = Task.FromException(ex);
            }

            if (!write.IsCompleted)
            {
                _write = write;
                write.ConfigureAwait(false).GetAwaiter().UnsafeOnCompleted(_onWritten);
                return;
            }

            if (!TryTakeNext(write, out dueAt))
            {
                return;
            }
        }
    }

    private void OnWritten()
    {
        if (TryTakeNext(_write, out var dueAt))
        {
            WriteFrom(dueAt);
        }
    }

    /// <summary>After a write completed: true with the queued beat's due time when one is waiting, else back to idle.</summary>
    private bool TryTakeNext(Task write, out long dueAt)
    {
        dueAt = 0;
        if (!write.IsCompletedSuccessfully)
        {
            _ = write.Exception; // observed: the failure is counted here, the reader reports the broken stream
            var previous = Interlocked.Exchange(ref _state, Closed);
            if (previous is Writing or WritingOneQueued)
            {
                _counters.SendError();
            }

            Volatile.Read(ref _drained)?.TrySetResult();
            return false;
        }

        while (true)
        {
            switch (Volatile.Read(ref _state))
            {
                case Writing when Interlocked.CompareExchange(ref _state, Idle, Writing) == Writing:
                    return false;
                case WritingOneQueued when Interlocked.CompareExchange(ref _state, Writing, WritingOneQueued) == WritingOneQueued:
                    dueAt = Volatile.Read(ref _queuedAt);
                    return true;
                case Draining:
                    Volatile.Read(ref _drained)?.TrySetResult();
                    return false;
                case Closed:
                    return false;
            }
        }
    }
}
