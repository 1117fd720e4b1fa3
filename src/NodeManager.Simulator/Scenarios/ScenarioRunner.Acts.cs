using System.Diagnostics;
using Grpc.Core;
using NodeManager.Contracts.V1;
using NodeManager.Simulator.Agents;
using NodeManager.Simulator.Measure;
using NodeManager.Simulator.Reports;
using NodeManager.Simulator.Wire;

namespace NodeManager.Simulator.Scenarios;

/// <summary>What scenarios do to the fleet, and the waits for the server to notice.</summary>
public sealed partial class ScenarioRunner
{
    private long _disruptedAt;
    private bool _stopRamp;

    private async Task ActAsync(ScenarioStep step, CancellationToken ct)
    {
        switch (step.Kind)
        {
            case StepKind.Kill:
                ForVictims(_fleet.Kill);
                break;
            case StepKind.Goodbye:
                var victims = PickVictims();
                Stamp(victims);
                await Parallel.ForEachAsync(victims, new ParallelOptions { MaxDegreeOfParallelism = 256, CancellationToken = ct },
                    async (a, _) => await _fleet.GoodbyeAsync(a));
                break;
            case StepKind.Drop:
                ForVictims(_fleet.Drop);
                break;
            case StepKind.Revive:
                _victims.ForEach(_fleet.Revive);
                break;
            case StepKind.Stall:
                _report.GuardSeen = false;
                _ = WatchGuardAsync(ct);
                ForVictims(a => a.State = AgentState.Stalled);
                break;
            case StepKind.Resume:
                _victims.ForEach(a => a.State = AgentState.Running);
                _disruptedAt = Stopwatch.GetTimestamp();
                break;
            case StepKind.Restart:
                _report.RestartSeconds = await RestartServerAsync(ct);
                break;
            case StepKind.AwaitDetection:
                await AgentFleet.WaitUntilAsync(() => Detected() >= _victims.Count, step.Duration, ct);
                break;
            case StepKind.AwaitRecovery:
                var since = _disruptedAt;
                var all = await AgentFleet.WaitUntilAsync(() => _fleet.Agents.All(a => a.LastAckAt > since && a.LastStatus == HealthStatus.Ready), step.Duration, ct);
                _report.RecoverySeconds = all ? Stopwatch.GetElapsedTime(since).TotalSeconds : null;
                _report.NotReadyAtEnd = await CountNotReadyAsync(ct);
                if (!all)
                {
                    _report.Failures.Add($"not every agent acked READY within {step.Duration.TotalSeconds:0} s after the disruption");
                }

                break;
            default:
                throw new InvalidOperationException($"step {step.Kind} is not an act");
        }
    }

    /// <summary>Picks the victims once per run (seeded), then applies <paramref name="act"/> to each, stamping the time.</summary>
    private void ForVictims(Action<SimAgent> act)
    {
        var victims = PickVictims();
        Stamp(victims);
        victims.ForEach(act);
    }

    private List<SimAgent> PickVictims()
    {
        if (_victims.Count == 0)
        {
            var count = Math.Max(1, (int)Math.Round(_fleet.Agents.Length * options.FractionOrDefault));
            var order = _fleet.Agents.ToArray();
            new Random(options.Seed).Shuffle(order);
            _victims = order.Take(count).ToList();
        }

        return _victims;
    }

    private void Stamp(List<SimAgent> victims)
    {
        var now = Stopwatch.GetTimestamp();
        _disruptedAt = now;
        foreach (var v in victims)
        {
            if (!_actedAt.TryGetValue(v.NodeId, out var stamps))
            {
                _actedAt[v.NodeId] = stamps = [];
            }

            stamps.Add(now);
        }
    }

    private int Detected()
    {
        var pending = new HashSet<string>(_actedAt.Keys, StringComparer.Ordinal);
        foreach (var e in _watch.Since(_windowWatchIndex))
        {
            if (e.Status is HealthStatus.NotReady or HealthStatus.Down && _actedAt.TryGetValue(e.NodeId, out var stamps) && e.SeenAt >= stamps[^1])
            {
                pending.Remove(e.NodeId);
            }
        }

        return _actedAt.Count - pending.Count;
    }

    private async Task<double> RestartServerAsync(CancellationToken ct)
    {
        var clock = Stopwatch.StartNew();
        _disruptedAt = Stopwatch.GetTimestamp();
        using var process = Process.Start(new ProcessStartInfo("/bin/sh", ["-c", options.RestartCommand!]) { UseShellExecute = false })
            ?? throw new InvalidOperationException("could not start the restart command");
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
        timeout.CancelAfter(options.RecoverTimeout);
        await process.WaitForExitAsync(timeout.Token);
        if (process.ExitCode != 0)
        {
            _report.Failures.Add($"restart command exited with {process.ExitCode}");
        }

        Log($"server restarted in {clock.Elapsed.TotalSeconds:F1} s");
        return clock.Elapsed.TotalSeconds;
    }

    /// <summary>Polls the cluster conditions once a second while the outage lasts (bounded by the run).</summary>
    private async Task WatchGuardAsync(CancellationToken ct)
    {
        var until = Stopwatch.GetTimestamp() + (long)((options.Outage + options.RecoverTimeout).TotalSeconds * Stopwatch.Frequency);
        while (Stopwatch.GetTimestamp() < until && !ct.IsCancellationRequested)
        {
            try
            {
                var list = await _health.ListNodeHealthAsync(new ListNodeHealthRequest { PageSize = 1 },
                    deadline: DateTime.UtcNow.AddSeconds(5), cancellationToken: ct);
                if (list.ClusterConditions.Any(c => c.Type == "DisruptionGuard" && c.Status))
                {
                    _report.GuardSeen = true;
                }

                await Task.Delay(1000, ct);
            }
            catch (Exception ex) when (ex is RpcException or OperationCanceledException or HttpRequestException)
            {
                return;
            }
        }
    }

    private async Task<int> CountNotReadyAsync(CancellationToken ct)
    {
        var count = 0;
        foreach (var status in new[] { HealthStatus.NotReady, HealthStatus.Down })
        {
            var page = await _health.ListNodeHealthAsync(new ListNodeHealthRequest { PageSize = 1000, Status = status },
                deadline: DateTime.UtcNow.AddSeconds(30), cancellationToken: ct);
            count += page.Health.Count(h => _fleetIds.Contains(h.NodeId));
        }

        return count;
    }

    private async Task RateStepAsync(ScenarioStep step, CancellationToken ct)
    {
        _fleet.IntervalOverride = TimeSpan.FromSeconds((double)_fleet.Agents.Length / step.Rate);
        await Task.Delay(TimeSpan.FromSeconds(2), ct);
        BeginWindow();
        await Task.Delay(step.Duration, ct);
        var result = new SimulationReport();
        EndWindow(result);
        result.TargetHbPerSec = step.Rate;
        result.RateRatio = ResourceMath.RateRatio(result.AchievedHbPerSec, step.Rate);
        _report.Steps.Add(result);
        var sustained = result.AckP99Ms < options.MaxP99.TotalMilliseconds && result.Lost == 0 && result.RateRatio >= 0.99;
        Log($"rate {step.Rate:N0}/s: achieved {result.AchievedHbPerSec:N0}, p99 {result.AckP99Ms:F1} ms, lost {result.Lost} → {(sustained ? "sustained" : "not sustained")}");
        _stopRamp |= !sustained;
        if (sustained || _report.MaxSustainedHbPerSec is null)
        {
            CopyWindow(result, _report);
        }

        if (sustained)
        {
            _report.MaxSustainedHbPerSec = step.Rate;
        }
        else if (_report.MaxSustainedHbPerSec is null)
        {
            _report.Failures.Add($"not even {step.Rate:N0} heartbeats/s was sustained (ack p99 {result.AckP99Ms:F1} ms, limit {options.MaxP99.TotalMilliseconds:0} ms)");
        }
    }

    private static void CopyWindow(SimulationReport from, SimulationReport to)
    {
        (to.Scenario, to.Label, to.Nodes, to.Mode, to.Connections, to.IntervalSeconds, to.WindowSeconds, to.LoadAverage) =
            (from.Scenario, from.Label, from.Nodes, from.Mode, from.Connections, from.IntervalSeconds, from.WindowSeconds, from.LoadAverage);
        (to.ReconnectsTo, to.ConnectedTo) = (from.ReconnectsTo, from.ConnectedTo);
        (to.TargetHbPerSec, to.DueHbPerSec, to.AchievedHbPerSec, to.RateRatio, to.Sent, to.Acked, to.Lost, to.Late, to.Skipped) =
            (from.TargetHbPerSec, from.DueHbPerSec, from.AchievedHbPerSec, from.RateRatio, from.Sent, from.Acked, from.Lost, from.Late, from.Skipped);
        (to.AckP50Ms, to.AckP99Ms, to.AckP999Ms, to.AckMaxMs, to.SendLagP99Ms) = (from.AckP50Ms, from.AckP99Ms, from.AckP999Ms, from.AckMaxMs, from.SendLagP99Ms);
        (to.ServerCpuSecondsPer100k, to.ServerCores, to.ServerPeakRssBytes, to.ServerWindowRssBytes, to.RssBytesPerNode) =
            (from.ServerCpuSecondsPer100k, from.ServerCores, from.ServerPeakRssBytes, from.ServerWindowRssBytes, from.RssBytesPerNode);
    }
}
