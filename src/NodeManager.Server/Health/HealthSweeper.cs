using System.Diagnostics;
using NodeManager.Abstractions.Health;
using NodeManager.Core.Errors;
using NodeManager.Core.Health;
using NodeManager.Core.Storage;
using NodeManager.Server.Api;
using NodeManager.Server.Cluster;
using NodeManager.Server.Metrics;
using Orleans;
using Orleans.Runtime;

namespace NodeManager.Server.Health;

/// <summary>
/// One periodic scan of every node (never a timer per node; the silo's timer wheel): disruption guard first,
/// then each node's sweep verdict, and the nodes whose deadline passed handed to their NodeGrain, which decides
/// (and starts the probe). Coalesced heartbeat times
/// are flushed beside the sweeps (one flush at a time), never holding a verdict up. In a cluster only the
/// leader (the oldest active silo) judges silence, from heartbeat times every silo flushes (see
/// HealthSweeper.Shared.cs); the others flush, and judge only the streams that broke on them.
/// </summary>
public sealed partial class HealthSweeper(
    HealthRegistry registry,
    IHealthStore store,
    NodeGrains grains,
    IGrainFactory fleetGuard,
    ClusterHealth cluster,
    SiloMembership membership,
    HealthPolicy policy,
    TimeProvider time,
    IHostApplicationLifetime lifetime,
    NodeManagerMetrics metrics,
    ILogger<HealthSweeper> logger) : BackgroundService
{
    /// <summary>Judgements (grain calls) in flight at once.</summary>
    private const int JudgeParallelism = 256;

    private readonly SemaphoreSlim _judgeSlots = new(JudgeParallelism, JudgeParallelism);

    /// <summary>Nodes handed to their grain and not answered yet.</summary>
    private readonly System.Collections.Concurrent.ConcurrentDictionary<Guid, byte> _judging = new();

    private int _judgeFailures;
    private string? _firstJudgeFailure;
    private DateTimeOffset _nextJudgeFailureLog;

    /// <summary>Rows per flush transaction: SQLite writes synchronously, and a thread held for all 100,000 rows stalls heartbeats.</summary>
    private const int FlushChunk = 2_000;

    /// <summary>The list of heartbeat times to flush, reused from flush to flush.</summary>
    private List<(Guid, DateTimeOffset)> _flushBuffer = [];

    /// <summary>
    /// The flush in flight. Sweeps do not wait for it: a slow store (PostgreSQL on a loaded machine writes
    /// 100,000 times in seconds) must not delay the verdicts. Times heard meanwhile stay dirty for the next one.
    /// </summary>
    private Task _flushing = Task.CompletedTask;

    /// <summary>When a store of this instance's own next gets the heartbeat times (see <see cref="HealthPolicy.HeartbeatFlushInterval"/>).</summary>
    private DateTimeOffset _nextFlush;

    /// <summary>The FleetHealthGrain call in flight (see <see cref="ShareGuard"/>).</summary>
    private Task _sharing = Task.CompletedTask;

    /// <summary>When an overrunning sweep may next be logged (at most once a minute).</summary>
    private DateTimeOffset _nextOverrunLog;
    private bool _startupGraceOver;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(policy.SweepInterval, time);
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            timer.Period = policy.SweepInterval; // a configuration reload may have changed it
            try
            {
                await SweepOnceAsync(stoppingToken);
            }
            catch (Exception ex) when (ex is not OperationCanceledException || !stoppingToken.IsCancellationRequested)
            {
                LogSweepFailed(logger, ex);
            }
        }
    }

    public async Task SweepOnceAsync(CancellationToken cancellationToken)
    {
        var now = ServerClock.Now(time);
        var started = Stopwatch.GetTimestamp();
        var (leader, accompanied) = Membership(now);
        var shared = store.Shared && accompanied;
        if (shared)
        {
            await ReadSharedLivenessAsync(leader, now, cancellationToken);
        }

        var read = Stopwatch.GetTimestamp();

        // One pass: heartbeat times to flush, the guard's counts, and the few stale nodes (under each node's
        // lock, except for fresh nodes between flushes). Only the stale ones are evaluated, once the guard is known.
        var flush = _flushing.IsCompleted && (shared || now >= _nextFlush);
        var judging = !lifetime.ApplicationStopping.IsCancellationRequested; // a stopping instance ends every stream itself: no news about the nodes
        var heartbeats = _flushBuffer;
        var stale = new List<NodeHealthEntry>();
        int ready = 0, suspect = 0;
        var heardAfter = now - HealthEvaluator.SuspectAfter(policy);
        foreach (var entry in registry.Entries)
        {
            var isReady = leader && entry.Status == HealthStatus.Ready; // a field read whole, for the guard's counts
            ready += isReady ? 1 : 0;
            if (!flush && entry.FreshWithoutLock(heardAfter))
            {
                continue; // the common case, without taking the lock: neither suspect nor stale, nothing to flush
            }

            lock (entry.Gate)
            {
                if (flush)
                {
                    TakeDirtyHeartbeat(entry, heartbeats);
                }

                if (entry.OpenStreams > 0 && entry.LastHeartbeat > heardAfter)
                {
                    continue; // the common case: neither suspect nor stale (HealthEvaluator.SuspectAfter)
                }

                var liveness = entry.Liveness;
                suspect += isReady && HealthEvaluator.IsSuspect(liveness, now, policy) ? 1 : 0;

                if (judging && Judged(entry, leader, now) && HealthEvaluator.IsStale(liveness, now, policy))
                {
                    stale.Add(entry);
                }
            }
        }

        // Streams ending at a stop are not a disruption. A silo that does not lead uses the leader's verdict, read from the
        // FleetHealthGrain by an earlier sweep (never waited for here: that grain's silo may have just died).
        var guard = leader && judging ? UpdateGuard(now, ready, suspect) : cluster.Withhold;
        if (judging)
        {
            ShareGuard(leader, now, ready, suspect);
        }

        var context = new SweepContext(registry.InStartupGrace(now, policy), guard);
        if (!context.InStartupGrace && !_startupGraceOver)
        {
            _startupGraceOver = true;
            LogStartupGraceOver(logger, (now - registry.StartedAt).TotalSeconds, registry.ReadyAtStart - registry.AwaitedSinceStart, registry.ReadyAtStart);
        }

        // The wheel: each stale node's verdict is worked out here from this silo's table, and only the nodes whose
        // verdict would change (or whose agent is due a probe) are handed to their grain, which decides from what its own
        // silo knows (the stream's silo knows the newest heartbeat). Nodes long DOWN cost no call, sweep after sweep.
        var due = new List<(Guid Id, DateTimeOffset? StreamBrokeAt)>();
        if (!context.Withhold)
        {
            foreach (var entry in stale)
            {
                lock (entry.Gate)
                {
                    if (!Judged(entry, leader, now))
                    {
                        continue;
                    }

                    var result = HealthEvaluator.Sweep(entry.State, entry.Liveness, now, policy, context);
                    if (result.Probe || HealthEvaluator.IsTransition(entry.State, result.State))
                    {
                        due.Add((entry.NodeId, entry.Liveness.StreamBroken ? entry.StreamClosedAt : null));
                    }
                }
            }
        }

        if (flush)
        {
            _nextFlush = now + policy.HeartbeatFlushIntervalOrDefault;
            _flushing = FlushInBackgroundAsync(heartbeats); // not cancelled by a stop: StopAsync waits for it, then writes the rest
        }

        var scanned = Stopwatch.GetTimestamp();
        StartJudging(due, context);
        ReportJudgeFailures(now);
        ReportDuration(now, started, read, scanned, Stopwatch.GetTimestamp(), due.Count);
    }

    /// <summary>
    /// Hands the due nodes to their grains, many at once (their transitions join one group commit, see
    /// <see cref="HealthTransitions"/>), without the sweep waiting for them: a grain on a silo that just died answers
    /// only once the cluster has declared that silo dead, and the other verdicts must not wait that long. A node
    /// still being judged is not handed over again; one whose grain could not be reached is judged again later.
    /// </summary>
    private void StartJudging(List<(Guid Id, DateTimeOffset? StreamBrokeAt)> due, SweepContext context)
    {
        foreach (var node in due)
        {
            if (_judging.TryAdd(node.Id, 0))
            {
                _ = JudgeAsync(node.Id, node.StreamBrokeAt, context);
            }
        }
    }

    private async Task JudgeAsync(Guid id, DateTimeOffset? streamBrokeAt, SweepContext context)
    {
        await _judgeSlots.WaitAsync(CancellationToken.None);
        try
        {
            await grains.JudgeAsync(id, context, streamBrokeAt);
        }
        catch (Exception ex) when (ex is NodeManagerException or StoreUnavailableException)
        {
            if (Interlocked.Increment(ref _judgeFailures) == 1)
            {
                _firstJudgeFailure = $"node {id:D}: {ex.Message}";
            }
        }
        finally
        {
            _judgeSlots.Release();
            _judging.TryRemove(id, out _);
        }
    }

    /// <summary>Logs the judgements that failed since the last report, at most once a minute.</summary>
    private void ReportJudgeFailures(DateTimeOffset now)
    {
        if (Volatile.Read(ref _judgeFailures) == 0 || now < _nextJudgeFailureLog)
        {
            return;
        }

        _nextJudgeFailureLog = now + TimeSpan.FromMinutes(1);
        LogJudgeFailed(logger, Interlocked.Exchange(ref _judgeFailures, 0), _firstJudgeFailure ?? "");
    }

    /// <summary>Writes the taken heartbeat times, off the sweep; a failure is logged and the next flush writes newer times.</summary>
    private async Task FlushInBackgroundAsync(List<(Guid, DateTimeOffset)> heartbeats)
    {
        await Task.Yield();
        var started = Stopwatch.GetTimestamp();
        try
        {
            await FlushAsync(heartbeats, CancellationToken.None);
        }
        catch (Exception ex)
        {
            LogFlushFailed(logger, ex, heartbeats.Count);
        }
        finally
        {
            metrics.Flush(Stopwatch.GetElapsedTime(started), heartbeats.Count);
            heartbeats.Clear();
        }
    }

    /// <summary>
    /// Counts the sweep's time; a sweep longer than the interval delays every verdict (ticks that fall in
    /// it are skipped), so it is logged with where the time went.
    /// </summary>
    private void ReportDuration(DateTimeOffset now, long started, long read, long scanned, long saved, int transitionCount)
    {
        var total = Stopwatch.GetElapsedTime(started, saved);
        metrics.Sweep(total);
        if (total > policy.SweepInterval && now >= _nextOverrunLog)
        {
            _nextOverrunLog = now + TimeSpan.FromMinutes(1);
            LogOverrun(logger, total.TotalMilliseconds, policy.SweepInterval.TotalMilliseconds,
                Stopwatch.GetElapsedTime(started, read).TotalMilliseconds, Stopwatch.GetElapsedTime(read, scanned).TotalMilliseconds,
                Stopwatch.GetElapsedTime(scanned, saved).TotalMilliseconds, transitionCount);
        }
    }

    /// <summary>Writes the heartbeat times received since the last flush, so a restart (or crash) loses at most one flush interval of them.</summary>
    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        await base.StopAsync(cancellationToken);
        await _flushing.WaitAsync(cancellationToken).ContinueWith(_ => { }, TaskScheduler.Default); // its outcome is logged by itself
        var heartbeats = new List<(Guid, DateTimeOffset)>();
        foreach (var entry in registry.Entries)
        {
            lock (entry.Gate)
            {
                TakeDirtyHeartbeat(entry, heartbeats);
            }
        }

        try
        {
            var started = Stopwatch.GetTimestamp();
            await FlushAsync(heartbeats, cancellationToken);
            LogFinalFlush(logger, heartbeats.Count, Stopwatch.GetElapsedTime(started).TotalMilliseconds);
        }
        catch (OperationCanceledException)
        {
            // The host's shutdown timeout ran out: the times stay as last flushed.
        }
        catch (Exception ex)
        {
            LogSweepFailed(logger, ex);
        }
    }

    /// <summary>Adds the entry's heartbeat time to <paramref name="heartbeats"/> when it is not flushed yet (under the entry's lock).</summary>
    private static void TakeDirtyHeartbeat(NodeHealthEntry entry, List<(Guid, DateTimeOffset)> heartbeats)
    {
        if (entry.HeartbeatDirty && entry.LastHeartbeat is { } last)
        {
            heartbeats.Add((entry.NodeId, last));
            entry.HeartbeatDirty = false;
        }
    }

    private async Task FlushAsync(List<(Guid, DateTimeOffset)> heartbeats, CancellationToken cancellationToken)
    {
        for (var start = 0; start < heartbeats.Count; start += FlushChunk)
        {
            var count = Math.Min(FlushChunk, heartbeats.Count - start);
            await store.FlushLastHeartbeatsAsync(start == 0 && count == heartbeats.Count ? heartbeats : heartbeats.GetRange(start, count), cancellationToken);
            await Task.Yield();
        }
    }

    /// <summary>This instance judges the node: it is <see cref="NodeHealthEntry.Judged"/> (neither decommissioned nor deleted), and this silo leads or saw its stream break.</summary>
    private bool Judged(NodeHealthEntry entry, bool leader, DateTimeOffset now) =>
        entry.Judged && (leader || BrokeHereWithinGrace(entry, now));

    /// <summary>
    /// The guard, and one grace period after it clears: nodes that went silent in the disruption come back
    /// over an interval or more, and would otherwise be probed (and marked) the moment the fraction dips.
    /// <paramref name="stale"/> counts the ready nodes stale or about to be (<see cref="HealthEvaluator.IsSuspect"/>).
    /// </summary>
    private bool UpdateGuard(DateTimeOffset now, int ready, int stale)
    {
        var guard = DisruptionGuard.Trips(ready, stale, policy);
        if (cluster.SetGuard(guard, guard ? $"{stale} of {ready} ready nodes went stale at once; NOT_READY/DOWN transitions withheld" : "", now))
        {
            LogGuard(logger, guard, stale, ready);
        }

        var withhold = guard || (cluster.Guard.Since != DateTimeOffset.MinValue && now - cluster.Guard.Since < policy.Grace);
        cluster.SetWithhold(withhold);
        return withhold;
    }

    /// <summary>
    /// The leader reports its counts and verdict to the FleetHealthGrain; any other silo reads the leader's verdict from
    /// it. One call at a time, in the background: a sweep never waits for it.
    /// </summary>
    private void ShareGuard(bool leader, DateTimeOffset now, int ready, int suspect)
    {
        if (!_sharing.IsCompleted)
        {
            return;
        }

        var report = leader
            ? new FleetGuard(cluster.Guard.Active, cluster.Guard.Message, cluster.Guard.Since, cluster.Withhold, ready, suspect, now)
            : null;
        _sharing = Task.Run(async () =>
        {
            try
            {
                var fleet = fleetGuard.GetGrain<IFleetHealthGrain>(0);
                if (report is not null)
                {
                    await fleet.ReportAsync(report);
                }
                else if (await fleet.GetAsync() is var verdict && cluster.Adopt(verdict))
                {
                    LogLeaderGuard(logger, verdict.Active, verdict.Suspect, verdict.Ready);
                }
            }
            catch (Exception ex) when (ex is TimeoutException or OrleansException)
            {
                LogGuardNotShared(logger, ex.Message);
            }
        }, CancellationToken.None);
    }

    [LoggerMessage(EventId = 2212, Level = LogLevel.Warning, Message = "Disruption guard active={Active} (the sweep leader's verdict): {Stale} of {Ready} ready nodes stale")]
    private static partial void LogLeaderGuard(ILogger logger, bool active, int stale, int ready);

    [LoggerMessage(EventId = 2211, Level = LogLevel.Debug, Message = "The disruption guard could not be shared through the FleetHealthGrain ({Reason}); the next sweep tries again")]
    private static partial void LogGuardNotShared(ILogger logger, string reason);

    [LoggerMessage(EventId = 2210, Level = LogLevel.Warning, Message = "Judging {Failed} silent nodes failed (first: {First}); later sweeps judge them again (logged at most once a minute)")]
    private static partial void LogJudgeFailed(ILogger logger, int failed, string first);

    [LoggerMessage(EventId = 2201, Level = LogLevel.Error, Message = "Health sweep failed; the next sweep retries")]
    private static partial void LogSweepFailed(ILogger logger, Exception exception);

    [LoggerMessage(EventId = 2204, Level = LogLevel.Warning, Message = "Health sweep took {Total:F0} ms, longer than the sweep interval ({Interval:F0} ms): liveness read {Read:F0} ms, scan {Scan:F0} ms, saving {Transitions} transitions {Save:F0} ms (logged at most once a minute)")]
    private static partial void LogOverrun(ILogger logger, double total, double interval, double read, double scan, double save, int transitions);

    [LoggerMessage(EventId = 2205, Level = LogLevel.Error, Message = "Writing {Count} heartbeat times failed; the next flush writes the times of the nodes heard again")]
    private static partial void LogFlushFailed(ILogger logger, Exception exception, int count);

    [LoggerMessage(EventId = 2208, Level = LogLevel.Information, Message = "Startup grace over after {Seconds:F1} s: {Returned} of the {ReadyAtStart} nodes READY at the start have sent a heartbeat since; silent nodes are judged from now on")]
    private static partial void LogStartupGraceOver(ILogger logger, double seconds, int returned, int readyAtStart);

    [LoggerMessage(EventId = 2207, Level = LogLevel.Information, Message = "Stopping: wrote the last {Count} heartbeat times in {Ms:F0} ms")]
    private static partial void LogFinalFlush(ILogger logger, int count, double ms);

    [LoggerMessage(EventId = 2202, Level = LogLevel.Warning, Message = "Disruption guard active={Active}: {Stale} of {Ready} ready nodes stale")]
    private static partial void LogGuard(ILogger logger, bool active, int stale, int ready);
}
