namespace NodeManager.Simulator.Measure;

/// <summary>Fleet counters at one instant; subtract two for a window.</summary>
public readonly record struct CounterSnapshot(
    long Due, long Sent, long Acked, long Late, long Skipped, long Lost, long StreamErrors, long SendErrors, long Reconnects, long BadStatusAcks)
{
    public static CounterSnapshot operator -(CounterSnapshot a, CounterSnapshot b) => new(
        a.Due - b.Due, a.Sent - b.Sent, a.Acked - b.Acked, a.Late - b.Late, a.Skipped - b.Skipped, a.Lost - b.Lost,
        a.StreamErrors - b.StreamErrors, a.SendErrors - b.SendErrors, a.Reconnects - b.Reconnects, a.BadStatusAcks - b.BadStatusAcks);
}
