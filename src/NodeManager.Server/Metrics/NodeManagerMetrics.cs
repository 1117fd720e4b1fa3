using System.Diagnostics.Metrics;
using NodeManager.Core.Health;
using NodeManager.Server.Kestrel;
using NodeManager.Server.Health;

namespace NodeManager.Server.Metrics;

/// <summary>
/// The server's instruments (<see cref="System.Diagnostics.Metrics"/>, meter <c>NodeManager</c>):
/// steady state is counted here, transitions are logged. The meter comes from the host's <see cref="IMeterFactory"/>,
/// so OpenTelemetry (<see cref="TelemetryHosting"/>) collects this host's instruments only, never those of another
/// host in the same process (tests run several).
/// </summary>
public sealed class NodeManagerMetrics
{
    public const string MeterName = "NodeManager";

    private readonly Meter _meter;

    /// <summary>The <c>NodeManager</c> meter, for a feature's own instruments (e.g. <c>nodemanager.security.denied</c>).</summary>
    public Meter Meter => _meter;
    private readonly Counter<long> _heartbeats;
    private readonly Counter<long> _transitions;
    private readonly Counter<long> _sweeps;
    private readonly Counter<long> _sweepTime;
    private long _lastSweepMicroseconds;
    private readonly Counter<long> _flushes;
    private readonly Counter<long> _flushTime;
    private readonly Counter<long> _flushed;

    public NodeManagerMetrics(IMeterFactory meters, HealthRegistry registry, ClusterHealth cluster, TrimmingBlockMemoryPoolFactory? buffers = null)
    {
        _meter = meters.Create(MeterName, "1.0"); // the factory disposes it with the host
        _heartbeats = _meter.CreateCounter<long>("nodemanager.heartbeats", "{heartbeat}", "Heartbeats accepted");
        _transitions = _meter.CreateCounter<long>("nodemanager.health.transitions", "{transition}", "Health transitions written, by new status");
        _meter.CreateObservableGauge("nodemanager.nodes", () => CountByStatus(registry), "{node}", "Registered nodes, by health status");
        _meter.CreateObservableGauge("nodemanager.disruption_guard", () => cluster.GuardActive ? 1L : 0L, "{active}", "1 while the disruption guard withholds NOT_READY/DOWN transitions");
        _sweeps = _meter.CreateCounter<long>("nodemanager.sweeper.sweeps", "{sweep}", "Health sweeps run on this instance");
        _sweepTime = _meter.CreateCounter<long>("nodemanager.sweeper.sweep_time", "us", "Microseconds spent in health sweeps (divided by sweeps: the mean sweep)");
        _meter.CreateObservableGauge("nodemanager.sweeper.last_sweep", () => Interlocked.Read(ref _lastSweepMicroseconds), "us", "Microseconds the last health sweep took");
        _flushes = _meter.CreateCounter<long>("nodemanager.sweeper.flushes", "{flush}", "Heartbeat-time flushes to the store");
        _flushTime = _meter.CreateCounter<long>("nodemanager.sweeper.flush_time", "us", "Microseconds spent writing heartbeat times to the store");
        _flushed = _meter.CreateCounter<long>("nodemanager.sweeper.flushed_heartbeats", "{heartbeat}", "Heartbeat times written to the store (one per node per flush)");
        _meter.CreateObservableGauge("nodemanager.sweeper.leader", () => cluster.SweeperLeader ? 1L : 0L, "{leader}", "1 on the silo that leads the health sweep (the oldest active silo)");
        _meter.CreateObservableGauge("nodemanager.process.resident_memory", () => Environment.WorkingSet, "By", "Resident memory of the server process");
        _meter.CreateObservableGauge("nodemanager.process.gc_heap", () => GC.GetGCMemoryInfo().HeapSizeBytes, "By", "Managed heap size after the last garbage collection");
        _meter.CreateObservableGauge("nodemanager.process.gc_heap_live", () => GC.GetGCMemoryInfo(GCKind.FullBlocking) is { Index: > 0 } full ? full.HeapSizeBytes - full.FragmentedBytes : 0L, "By", "Managed heap in use after the last full blocking collection (0 before the first)");
        _meter.CreateObservableGauge("nodemanager.process.gc_committed", () => GC.GetGCMemoryInfo().TotalCommittedBytes, "By", "Memory committed by the garbage collector");
        if (buffers is not null)
        {
            _meter.CreateObservableGauge("nodemanager.process.buffer_pool_in_use", () => buffers.Pools.Sum(p => (long)p.InUse * p.BlockSize), "By", "Transport buffer blocks rented by connections and streams");
            _meter.CreateObservableGauge("nodemanager.process.buffer_pool_idle", () => buffers.Pools.Sum(p => (long)p.Idle * p.BlockSize), "By", "Transport buffer blocks kept for reuse (bounded by recent demand)");
        }

        _meter.CreateObservableGauge("nodemanager.process.allocated", () => GC.GetTotalAllocatedBytes(), "By", "Bytes allocated on the managed heap since the process started");
    }

    /// <summary>
    /// Puts every counter's series at 0, so that a scraper sees it declared and a rate has its first point before the
    /// first heartbeat or transition. Called once the host started: measurements before a listener subscribed are lost.
    /// </summary>
    public void DeclareCounters()
    {
        _heartbeats.Add(0);
        foreach (var status in new[] { HealthStatus.Ready, HealthStatus.NotReady, HealthStatus.Down, HealthStatus.Unknown })
        {
            _transitions.Add(0, new KeyValuePair<string, object?>("status", StatusName(status)));
        }

        _sweeps.Add(0);
        _sweepTime.Add(0);
        _flushes.Add(0);
        _flushTime.Add(0);
        _flushed.Add(0);
    }

    public void Heartbeat() => _heartbeats.Add(1);

    public void Sweep(TimeSpan elapsed)
    {
        var microseconds = (long)elapsed.TotalMicroseconds;
        _sweeps.Add(1);
        _sweepTime.Add(microseconds);
        Interlocked.Exchange(ref _lastSweepMicroseconds, microseconds);
    }

    public void Flush(TimeSpan elapsed, int heartbeats)
    {
        _flushes.Add(1);
        _flushTime.Add((long)elapsed.TotalMicroseconds);
        _flushed.Add(heartbeats);
    }

    public void Transition(NodeHealthState state) =>
        _transitions.Add(1, new KeyValuePair<string, object?>("status", StatusName(state.Status)));

    private static IEnumerable<Measurement<long>> CountByStatus(HealthRegistry registry)
    {
        var counts = new long[5];
        foreach (var entry in registry.Entries)
        {
            var status = (int)entry.Status;
            counts[status is >= 0 and < 5 ? status : 0]++;
        }

        for (var status = 1; status < counts.Length; status++)
        {
            yield return new Measurement<long>(counts[status], new KeyValuePair<string, object?>("status", StatusName((HealthStatus)status)));
        }
    }

    private static string StatusName(HealthStatus status) => status switch
    {
        HealthStatus.Ready => "ready",
        HealthStatus.NotReady => "not_ready",
        HealthStatus.Down => "down",
        _ => "unknown",
    };
}
