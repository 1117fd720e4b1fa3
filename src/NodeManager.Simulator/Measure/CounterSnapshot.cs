namespace NodeManager.Simulator.Measure;

/// <summary>Fleet counters at one instant; subtract two for a window. <see cref="ReconnectsTo"/>: reconnects per endpoint moved to.</summary>
public readonly record struct CounterSnapshot(
    long Due, long Sent, long Acked, long Late, long Skipped, long Lost, long StreamErrors, long SendErrors, long Reconnects, long BadStatusAcks,
    IReadOnlyList<long> ReconnectsTo)
{
    public static CounterSnapshot operator -(CounterSnapshot a, CounterSnapshot b) => new(
        a.Due - b.Due, a.Sent - b.Sent, a.Acked - b.Acked, a.Late - b.Late, a.Skipped - b.Skipped, a.Lost - b.Lost,
        a.StreamErrors - b.StreamErrors, a.SendErrors - b.SendErrors, a.Reconnects - b.Reconnects, a.BadStatusAcks - b.BadStatusAcks,
        [.. a.ReconnectsTo.Select((n, i) => n - (b.ReconnectsTo is { } before && i < before.Count ? before[i] : 0))]);
}
