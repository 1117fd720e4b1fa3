using System.Diagnostics;
using NodeManager.Contracts.V1;
using NodeManager.Simulator.Agents;
using NodeManager.Simulator.Hosting;
using NodeManager.Simulator.Measure;
using NodeManager.Simulator.Reports;

namespace NodeManager.Simulator.Scenarios;

/// <summary>The measured window: counters, latencies and server samples between BeginWindow and EndWindow.</summary>
public sealed partial class ScenarioRunner
{
    private long _windowStart;
    private CounterSnapshot _windowCounters;
    private ProcSample? _windowProc;
    private ProcSample? _windowSelf;
    private int? _windowPid;
    private int _windowWatchIndex;

    private void BeginWindow()
    {
        _fleet.Counters.Acks.Reset();
        _fleet.Counters.SendLag.Reset();
        _sampler.ResetPeak();
        _windowCounters = _fleet.Counters.Snapshot();
        (_windowPid, _windowProc, _windowSelf) = (_sampler.Pid, _sampler.Read(), ProcReader.TryRead(Environment.ProcessId));
        _windowWatchIndex = _watch.Count;
        _windowStart = Stopwatch.GetTimestamp();
    }

    private void EndWindow(SimulationReport r)
    {
        var c = _fleet.Counters.Snapshot() - _windowCounters;
        var elapsed = Stopwatch.GetElapsedTime(_windowStart);
        var interval = _fleet.IntervalOverride ?? _fleet.Interval.Value;
        var running = _fleet.Agents.Count(a => a.State == AgentState.Running);
        var acks = _fleet.Counters.Acks;
        r.Scenario = ValueParser.Name(options.Scenario);
        r.Label = options.Label;
        r.Nodes = options.Nodes;
        r.Mode = options.Mode == ConnectionMode.PerAgent ? "per-agent" : "multiplexed";
        r.Connections = options.Mode == ConnectionMode.PerAgent ? options.Nodes : options.Connections * _fleet.Endpoints.Count;
        r.IntervalSeconds = interval.TotalSeconds;
        r.WindowSeconds = elapsed.TotalSeconds;
        r.LoadAverage = LoadAverage();
        r.TargetHbPerSec = running / interval.TotalSeconds;
        r.DueHbPerSec = c.Due / elapsed.TotalSeconds;
        r.AchievedHbPerSec = c.Acked / elapsed.TotalSeconds;
        r.RateRatio = ResourceMath.RateRatio(r.AchievedHbPerSec, options.Scenario == ScenarioKind.Steady || options.Scenario == ScenarioKind.Max ? r.TargetHbPerSec : r.DueHbPerSec);
        (r.Sent, r.Acked, r.Lost, r.Late, r.Skipped) = (c.Sent, c.Acked, c.Lost, c.Late, c.Skipped);
        (r.StreamErrors, r.SendErrors, r.Reconnects, r.BadStatusAcks) = (c.StreamErrors, c.SendErrors, c.Reconnects, c.BadStatusAcks);
        if (_fleet.Endpoints.Count > 1)
        {
            var connected = _fleet.ConnectedPerEndpoint();
            (r.ReconnectsTo, r.ConnectedTo) = (new(StringComparer.Ordinal), new(StringComparer.Ordinal));
            for (var i = 0; i < _fleet.Endpoints.Count; i++)
            {
                r.ReconnectsTo[_fleet.Endpoints[i].ToString()] = c.ReconnectsTo[i];
                r.ConnectedTo[_fleet.Endpoints[i].ToString()] = connected[i];
            }
        }
        (r.AckP50Ms, r.AckP99Ms, r.AckP999Ms, r.AckMaxMs) = (Ms(acks.Percentile(0.5)), Ms(acks.Percentile(0.99)), Ms(acks.Percentile(0.999)), Ms(acks.Max));
        r.SendLagP99Ms = Ms(_fleet.Counters.SendLag.Percentile(0.99));
        JudgeTransitions(r, _watch.Since(_windowWatchIndex));
        ServerFigures(r, elapsed, c.Acked);
        if (options.Scenario is ScenarioKind.Steady or ScenarioKind.Churn && r.RateRatio < 0.99)
        {
            r.Failures.Add($"achieved {r.AchievedHbPerSec:F0} heartbeats/s, {r.RateRatio:P2} of target");
        }

        if (r.Lost > 0 && options.Scenario is not ScenarioKind.ReconnectStorm)
        {
            r.Failures.Add($"{r.Lost} heartbeats lost");
        }
    }

    private void JudgeTransitions(SimulationReport r, List<WatchedTransition> events)
    {
        var everyoneMustStay = options.Scenario is ScenarioKind.MassOutage or ScenarioKind.ReconnectStorm;
        var victims = _victims.Select(v => v.NodeId).ToHashSet(StringComparer.Ordinal);
        r.FalseTransitions = events.Count(e => _fleetIds.Contains(e.NodeId) && e.Status is HealthStatus.NotReady or HealthStatus.Down
            && (everyoneMustStay || !victims.Contains(e.NodeId)));
        if (r.FalseTransitions > 0)
        {
            r.Failures.Add($"{r.FalseTransitions} false NOT_READY/DOWN transitions");
        }

        if (options.Scenario is not (ScenarioKind.Kill or ScenarioKind.Shutdown or ScenarioKind.Flap))
        {
            return;
        }

        // Each act (a flap acts several times per node) is matched with the first NOT_READY/DOWN seen after it.
        var latencies = new List<double>();
        var decidedLatencies = new List<double>(); // by the server's clock (the transition's time): what the simulator's own lag adds is left out
        var pending = _actedAt.ToDictionary(p => p.Key, p => new Queue<long>(p.Value), StringComparer.Ordinal);
        foreach (var e in events)
        {
            if (e.Status is HealthStatus.NotReady or HealthStatus.Down && pending.TryGetValue(e.NodeId, out var stamps))
            {
                long? matched = null;
                while (stamps.Count > 0 && stamps.Peek() <= e.SeenAt)
                {
                    matched = stamps.Dequeue();
                }

                if (matched is { } at)
                {
                    latencies.Add(Stopwatch.GetElapsedTime(at, e.SeenAt).TotalSeconds);
                    if (e.DecidedAt is { } decided)
                    {
                        decidedLatencies.Add((decided - WallClockAt(at)).TotalSeconds);
                    }
                }
            }
        }

        (r.Victims, r.Detected) = (_actedAt.Values.Sum(v => v.Count), latencies.Count);
        if (latencies.Count > 0)
        {
            (r.DetectP50S, r.DetectP99S, r.DetectMaxS) = (Percentiles.Of(latencies, 0.5), Percentiles.Of(latencies, 0.99), latencies.Max());
        }

        if (decidedLatencies.Count > 0)
        {
            (r.DecideP50S, r.DecideP99S, r.DecideMaxS) = (Percentiles.Of(decidedLatencies, 0.5), Percentiles.Of(decidedLatencies, 0.99), decidedLatencies.Max());
        }

        if (options.Scenario != ScenarioKind.Flap && r.Detected < r.Victims)
        {
            r.Failures.Add($"{r.Victims - r.Detected} of {r.Victims} victims never seen NOT_READY");
        }
    }

    private void ServerFigures(SimulationReport r, TimeSpan elapsed, long acked)
    {
        if (_windowSelf is { } selfStart && ProcReader.TryRead(Environment.ProcessId) is { } selfEnd)
        {
            r.SimulatorCores = ResourceMath.Cores(selfStart, selfEnd, elapsed);
        }

        if (_sampler.Read() is not { } end || _windowProc is not { } start)
        {
            return;
        }

        if (_sampler.Pid == _windowPid)
        {
            r.ServerCpuSecondsPer100k = ResourceMath.CpuSecondsPer100k(start, end, acked);
            r.ServerCores = ResourceMath.Cores(start, end, elapsed);
        }

        r.ServerPeakRssBytes = end.PeakRssBytes;
        r.ServerWindowRssBytes = Math.Max(_sampler.WindowPeakRss, end.RssBytes);
        r.RssBytesPerNode = ResourceMath.RssPerNode(r.ServerWindowRssBytes.Value, _fleet.ConnectedCount);
    }

    private static double Ms(TimeSpan t) => t.TotalMilliseconds;

    private static string LoadAverage()
    {
        try
        {
            return string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3));
        }
        catch (IOException)
        {
            return "?";
        }
    }
}
