namespace NodeManager.Simulator.Measure;

/// <summary>
/// Samples the server process once a second (when its PID is known): the peak RSS seen, and CPU at the
/// window's edges. The PID may come from a file re-read after a restart.
/// </summary>
public sealed class ServerSampler(int? pid, string? pidFile)
{
    private long _windowPeakRss;

    public bool Enabled => pid is not null || pidFile is not null;

    public long WindowPeakRss => Interlocked.Read(ref _windowPeakRss);

    public int? Pid
    {
        get
        {
            if (pidFile is not null && File.Exists(pidFile) && int.TryParse(File.ReadAllText(pidFile).Trim(), out var fromFile))
            {
                return fromFile;
            }

            return pid;
        }
    }

    public ProcSample? Read() => Pid is { } p ? ProcReader.TryRead(p) : null;

    public void ResetPeak() => Interlocked.Exchange(ref _windowPeakRss, 0);

    /// <summary>Samples until cancelled (bounded by the caller's token).</summary>
    public async Task RunAsync(CancellationToken ct)
    {
        if (!Enabled)
        {
            return;
        }

        using var timer = new PeriodicTimer(TimeSpan.FromSeconds(1));
        try
        {
            while (await timer.WaitForNextTickAsync(ct))
            {
                if (Read() is { } sample && sample.RssBytes > Interlocked.Read(ref _windowPeakRss))
                {
                    Interlocked.Exchange(ref _windowPeakRss, sample.RssBytes);
                }
            }
        }
        catch (OperationCanceledException)
        {
        }
    }
}
