using System.Diagnostics;
using Grpc.Core;
using NodeManager.Contracts.V1;
using NodeManager.Simulator.Measure;

namespace NodeManager.Simulator.Agents;

/// <summary>
/// One simulated agent: a <c>StreamHeartbeats</c> call with at most one heartbeat awaiting its ack. The
/// fleet's scheduler calls <see cref="Beat"/>, which hands the heartbeat to the call's <see cref="HeartbeatWriter"/>
/// (one write in flight per stream, never awaited by the scheduler); a reader task takes the acks (latency,
/// status, directed interval) and disposes the call when it ends.
/// </summary>
public sealed class SimAgent(int index, string nodeId, FleetCounters counters, IntervalBox interval)
{
    private AsyncDuplexStreamingCall<Heartbeat, HeartbeatAck>? _call;
    private HeartbeatWriter? _writer;
    private Task _reader = Task.CompletedTask;
    private long _seq;
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

    /// <summary>Index of the server endpoint its stream goes to (the fleet moves it on after a broken stream).</summary>
    public int Endpoint { get; set; }

    public int Failures { get; set; }

    public long ReconnectAt { get; set; }

    /// <summary>Called (from the reader) when the stream of a running or stalled agent broke.</summary>
    public Action<SimAgent>? OnBroken { get; set; }

    /// <summary>Opens a stream and sends the first heartbeat; the agent counts as connected after that write started.</summary>
    public void Open(HealthService.HealthServiceClient client)
    {
        var call = client.StreamHeartbeats();
        var writer = new HeartbeatWriter(this, call.RequestStream, counters);
        var generation = Interlocked.Increment(ref _generation);
        (_call, _writer) = (call, writer);
        Interlocked.Exchange(ref _pendingSeq, 0);
        _reader = ReadAsync(call, writer, generation);
        writer.Beat(Stopwatch.GetTimestamp());
        Volatile.Write(ref _connected, 1);
    }

    /// <summary>Sends the next heartbeat, or queues it behind the write in flight (scheduler thread; never waits). False when not connected.</summary>
    public bool Beat(long now)
    {
        var writer = _writer;
        if (!Connected || writer is null)
        {
            return false;
        }

        if (Interlocked.Read(ref _pendingSeq) != 0)
        {
            counters.Late();
        }

        return writer.Beat(now);
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
        _writer?.Close();
        // Disposing a call whose response has not ended cancels it: SocketsHttpHandler resets the stream (RST_STREAM CANCEL).
        _call?.Dispose();
    }

    /// <summary>Graceful shutdown: a heartbeat with goodbye, then END_STREAM, then the server's end of the call.</summary>
    public async Task GoodbyeAsync(TimeSpan timeout)
    {
        State = AgentState.Gone;
        Volatile.Write(ref _connected, 0);
        if (_writer is not { } writer)
        {
            return;
        }

        try
        {
            await writer.GoodbyeAsync(timeout);
            await _reader.WaitAsync(timeout);
        }
        catch (Exception ex) when (ex is RpcException or IOException or TimeoutException or InvalidOperationException or OperationCanceledException or HttpRequestException)
        {
            counters.SendError();
            _call?.Dispose();
        }
    }

    /// <summary>The writer is about to write a heartbeat due at <paramref name="dueAt"/>: its seq, now the one awaiting an ack.</summary>
    internal ulong Awaiting(long dueAt)
    {
        var seq = NextSeq();
        Volatile.Write(ref _sentAt, dueAt);
        Interlocked.Exchange(ref _pendingSeq, (long)seq);
        return seq;
    }

    /// <summary>The next seq of this agent run (it goes on increasing across reconnects).</summary>
    internal ulong NextSeq() => (ulong)Interlocked.Increment(ref _seq);

    private async Task ReadAsync(AsyncDuplexStreamingCall<Heartbeat, HeartbeatAck> call, HeartbeatWriter writer, int generation)
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
        finally
        {
            // The response is over: no more writes, and the call is disposed (a no-op when it already ended cleanly).
            writer.Close();
            call.Dispose();
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
