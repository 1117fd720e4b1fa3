namespace NodeManager.Simulator.Agents;

/// <summary>
/// Spreads N agents' heartbeat phases uniformly over one interval: agent i is due at i·interval/N, so the
/// server sees a flat N/interval rate instead of bursts. Neighbouring agents (on different connections,
/// i mod M) fall into neighbouring slots.
/// </summary>
public static class PhaseSpreader
{
    /// <summary>Agent <paramref name="index"/>'s offset within the interval.</summary>
    public static TimeSpan Offset(int index, int count, TimeSpan interval)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(index);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(index, count);
        return TimeSpan.FromTicks((long)((double)interval.Ticks * index / count));
    }

    /// <summary>The scheduler slot (0..<paramref name="slots"/>-1) of agent <paramref name="index"/>.</summary>
    public static int Slot(int index, int count, int slots)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(index);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(index, count);
        ArgumentOutOfRangeException.ThrowIfLessThan(slots, 1);
        return (int)((long)index * slots / count);
    }

    /// <summary>Slots in one interval at the given tick (at least one).</summary>
    public static int SlotCount(TimeSpan interval, TimeSpan tick) => Math.Max(1, (int)Math.Ceiling(interval / tick));
}
