namespace NodeManager.Simulator.Measure;

/// <summary>One reading of a process from /proc: CPU clock ticks (utime + stime), resident set and its peak, in bytes.</summary>
public readonly record struct ProcSample(long CpuTicks, long RssBytes, long PeakRssBytes);
