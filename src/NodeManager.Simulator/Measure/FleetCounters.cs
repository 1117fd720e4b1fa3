namespace NodeManager.Simulator.Measure;

/// <summary>Monotonic counters of the whole fleet; a window is the difference of two <see cref="Snapshot"/>s.</summary>
/// <param name="endpoints">Server endpoints the agents are spread over (reconnects are counted per endpoint moved to).</param>
public sealed class FleetCounters(int endpoints = 1)
{
    private long _due;
    private long _sent;
    private long _acked;
    private long _late;
    private long _skipped;
    private long _lost;
    private long _streamErrors;
    private long _sendErrors;
    private long _reconnects;
    private long _badStatusAcks;
    private readonly long[] _reconnectsTo = new long[endpoints];

    public LatencyHistogram Acks { get; } = new();

    /// <summary>How late the scheduler sent heartbeats relative to their slot (simulator saturation).</summary>
    public LatencyHistogram SendLag { get; } = new();

    public void Due(int n) => Interlocked.Add(ref _due, n);

    public void Sent() => Interlocked.Increment(ref _sent);

    public void Acked() => Interlocked.Increment(ref _acked);

    /// <summary>The next heartbeat was due before the previous one's ack arrived.</summary>
    public void Late() => Interlocked.Increment(ref _late);

    /// <summary>A heartbeat not sent: the stream's write was still pending and one heartbeat was already queued behind it.</summary>
    public void Skipped() => Interlocked.Increment(ref _skipped);

    /// <summary>A heartbeat whose stream broke (or the run ended) before its ack.</summary>
    public void Lost() => Interlocked.Increment(ref _lost);

    public void StreamError() => Interlocked.Increment(ref _streamErrors);

    public void SendError() => Interlocked.Increment(ref _sendErrors);

    /// <summary>A broken stream reopened, at endpoint <paramref name="endpoint"/>.</summary>
    public void Reconnect(int endpoint)
    {
        Interlocked.Increment(ref _reconnects);
        Interlocked.Increment(ref _reconnectsTo[endpoint]);
    }

    /// <summary>An ack said NOT_READY or DOWN.</summary>
    public void BadStatusAck() => Interlocked.Increment(ref _badStatusAcks);

    public CounterSnapshot Snapshot() => new(
        Interlocked.Read(ref _due), Interlocked.Read(ref _sent), Interlocked.Read(ref _acked), Interlocked.Read(ref _late), Interlocked.Read(ref _skipped),
        Interlocked.Read(ref _lost), Interlocked.Read(ref _streamErrors), Interlocked.Read(ref _sendErrors),
        Interlocked.Read(ref _reconnects), Interlocked.Read(ref _badStatusAcks), ReconnectsTo());

    private long[] ReconnectsTo()
    {
        var counts = new long[_reconnectsTo.Length];
        for (var i = 0; i < counts.Length; i++)
        {
            counts[i] = Interlocked.Read(ref _reconnectsTo[i]);
        }

        return counts;
    }
}
