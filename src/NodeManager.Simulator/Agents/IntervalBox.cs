namespace NodeManager.Simulator.Agents;

/// <summary>The heartbeat interval the server last directed (shared by the fleet; acks update it).</summary>
public sealed class IntervalBox(TimeSpan initial)
{
    private long _ticks = initial.Ticks;

    public TimeSpan Value => TimeSpan.FromTicks(Interlocked.Read(ref _ticks));

    public void Set(TimeSpan interval)
    {
        if (interval > TimeSpan.Zero)
        {
            Interlocked.Exchange(ref _ticks, interval.Ticks);
        }
    }
}
