using System.Diagnostics;
using NodeManager.Contracts.V1;
using NodeManager.Grpc;
using NodeManager.Simulator.Measure;
using NodeManager.Simulator.Wire;

namespace NodeManager.Simulator.Agents;

/// <summary>
/// One simulated agent: a <c>StreamHeartbeats</c> call with at most one heartbeat awaiting its ack. The
/// fleet's scheduler calls <see cref="Beat"/>; a reader task takes the acks (latency, status, directed interval).
/// </summary>
public sealed class SimAgent(int index, string nodeId, FleetCounters counters, IntervalBox interval)
{
    private readonly Heartbeat _heartbeat = new() { NodeId = nodeId };
    private AsyncDuplexStreamingCall<Heartbeat, HeartbeatAck>? _call;
    private CancellationTokenSource? _cts;
    private Task _reader = Task.CompletedTask;
    private long _pendingSeq;
    private long _sentAt;
    private int _connected;
    private int _generation;
    private int _state;

    public int Index { get; } = index;

    public string NodeId { get; } = nodeId;

    public AgentState State { get => (AgentState)Volatile.Read(ref _state); set => Volatile.Write(ref _state, (int)value); }

    public bool Connected => Volatile.Read(ref _connected) == 1;

    public HealthStatus LastStatus { get; private set; }

    /// <summary>Stopwatch timestamp of the last ack (0 = none yet).</summary>
    public long LastAckAt { get; private set; }

    public int Failures { get; set; }

    public long ReconnectAt { get; set; }

    /// <summary>Called (from the reader) when the stream of a running or stalled agent broke.</summary>
    public Action<SimAgent>? OnBroken { get; set; }

    /// <summary>Opens a stream and sends the first heartbeat; the agent counts as connected after that write.</summary>
    public void Open(GrpcChannel channel)
    {
        var cts = new CancellationTokenSource();
        var call = channel.DuplexStreaming(SimMethods.StreamHeartbeats, new CallOptions(CancellationToken: cts.Token));
        var generation = Interlocked.Increment(ref _generation);
        (_cts, _call) = (cts, call);
        Interlocked.Exchange(ref _pendingSeq, 0);
        _reader = ReadAsync(call, generation);
        Send(call, Stopwatch.GetTimestamp());
        Volatile.Write(ref _connected, 1);
    }

    /// <summary>Sends the next heartbeat (scheduler thread). False when not connected.</summary>
    public bool Beat(long now)
    {
        var call = _call;
        if (!Connected || call is null)
        {
            return false;
        }

        if (Interlocked.Read(ref _pendingSeq) != 0)
        {
            counters.Late();
        }

        Send(call, now);
        return true;
    }

    /// <summary>Abrupt death: the stream is reset (RST_STREAM), no goodbye, no reconnect.</summary>
    public void Kill()
    {
        State = AgentState.Killed;
        Drop();
    }

    /// <summary>Resets the stream without changing <see cref="State"/> (flap, per-agent connection close).</summary>
    public void Drop()
    {
        Volatile.Write(ref _connected, 0);
        Interlocked.Exchange(ref _pendingSeq, 0);
        Interlocked.Increment(ref _generation);
        _cts?.Cancel();
        _call?.Dispose();
    }

    /// <summary>Graceful shutdown: a heartbeat with goodbye, then END_STREAM, then the server's end of the call.</summary>
    public async Task GoodbyeAsync(TimeSpan timeout)
    {
        State = AgentState.Gone;
        Volatile.Write(ref _connected, 0);
        if (_call is not { } call)
        {
            return;
        }

        try
        {
            _heartbeat.Goodbye = true;
            _heartbeat.Seq++;
            await call.RequestStream.WriteAsync(_heartbeat).WaitAsync(timeout);
            await call.RequestStream.CompleteAsync().WaitAsync(timeout);
            await _reader.WaitAsync(timeout);
        }
        catch (Exception ex) when (ex is RpcException or IOException or TimeoutException or InvalidOperationException or OperationCanceledException or HttpRequestException)
        {
            counters.SendError();
        }
        finally
        {
            _heartbeat.Goodbye = false;
        }
    }

    private void Send(AsyncDuplexStreamingCall<Heartbeat, HeartbeatAck> call, long now)
    {
        _heartbeat.Seq++;
        Volatile.Write(ref _sentAt, now);
        Interlocked.Exchange(ref _pendingSeq, (long)_heartbeat.Seq);
        try
        {
            var write = call.RequestStream.WriteAsync(_heartbeat);
            counters.Sent();
            if (!write.IsCompletedSuccessfully)
            {
                write.ContinueWith(static (t, c) => ((FleetCounters)c!).SendError(), counters, CancellationToken.None,
                    TaskContinuationOptions.OnlyOnFaulted, TaskScheduler.Default);
            }
        }
        catch (Exception ex) when (ex is InvalidOperationException or RpcException or IOException or OperationCanceledException or ObjectDisposedException)
        {
            counters.SendError();
        }
    }

    private async Task ReadAsync(AsyncDuplexStreamingCall<Heartbeat, HeartbeatAck> call, int generation)
    {
        var established = false;
        try
        {
            while (await call.ResponseStream.MoveNext(CancellationToken.None))
            {
                var ack = call.ResponseStream.Current;
                established = true;
                var now = Stopwatch.GetTimestamp();
                if (ack.Seq != 0 && Interlocked.CompareExchange(ref _pendingSeq, 0, (long)ack.Seq) == (long)ack.Seq)
                {
                    counters.Acks.Record(Stopwatch.GetElapsedTime(Volatile.Read(ref _sentAt), now));
                    counters.Acked();
                }

                if (ack.Status is HealthStatus.NotReady or HealthStatus.Down && State != AgentState.Gone)
                {
                    counters.BadStatusAck();
                }

                LastStatus = ack.Status;
                LastAckAt = now;
                Failures = 0;
                if (ack.Interval is { } directed)
                {
                    interval.Set(directed.ToTimeSpan());
                }
            }
        }
        catch (Exception)
        {
            // Reset, server gone, or killed by us: judged below.
        }

        if (Volatile.Read(ref _generation) == generation && State is AgentState.Running or AgentState.Stalled)
        {
            Volatile.Write(ref _connected, 0);
            counters.StreamError();
            // A heartbeat on a stream the server never answered (it was down) is a failed connect, not a lost heartbeat.
            if (Interlocked.Exchange(ref _pendingSeq, 0) != 0 && established)
            {
                counters.Lost();
            }

            OnBroken?.Invoke(this);
        }
    }
}
