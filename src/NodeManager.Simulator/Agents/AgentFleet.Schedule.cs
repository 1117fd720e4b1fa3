using System.Diagnostics;
using NodeManager.Simulator.Hosting;

namespace NodeManager.Simulator.Agents;

/// <summary>The scheduler: one loop beats each slot's agents on time; another reconnects broken streams.</summary>
public sealed partial class AgentFleet
{
    /// <summary>
    /// Beats agents slot by slot: slot s (of interval/tick) holds the agents whose phase falls in it. A late tick
    /// catches up at most one interval, so no agent is beaten twice for one due time. Runs until cancelled.
    /// </summary>
    public async Task RunSchedulerAsync(CancellationToken ct)
    {
        using var timer = new PeriodicTimer(_options.Tick);
        var interval = CurrentInterval;
        var slots = PhaseSpreader.SlotCount(interval, _options.Tick);
        var start = Stopwatch.GetTimestamp();
        long done = 0;
        try
        {
            while (await timer.WaitForNextTickAsync(ct))
            {
                if (CurrentInterval != interval)
                {
                    (interval, slots, start, done) = (CurrentInterval, PhaseSpreader.SlotCount(CurrentInterval, _options.Tick), Stopwatch.GetTimestamp(), 0);
                }

                var now = Stopwatch.GetTimestamp();
                var slotLength = interval / slots;
                var target = (long)(Stopwatch.GetElapsedTime(start, now) / slotLength);
                done = Math.Max(done, target - slots);
                for (; done < target; done++)
                {
                    Counters.SendLag.Record(Stopwatch.GetElapsedTime(start, now) - (slotLength * done));
                    BeatSlot((int)(done % slots), slots, now);
                }
            }
        }
        catch (OperationCanceledException)
        {
        }
    }

    /// <summary>
    /// Reopens broken streams of running agents at the next endpoint: the first time since the agent's last ack within
    /// the failover jitter, later after full-jitter exponential backoff (capped). Runs until cancelled.
    /// </summary>
    public async Task RunReconnectorAsync(CancellationToken ct)
    {
        using var timer = new PeriodicTimer(TimeSpan.FromMilliseconds(20));
        var waiting = new List<SimAgent>();
        try
        {
            while (await timer.WaitForNextTickAsync(ct))
            {
                var now = Stopwatch.GetTimestamp();
                while (_broken.TryDequeue(out var agent))
                {
                    var cap = ReconnectDelay.Ceiling(agent.Failures, _options.FailoverJitter, _options.ReconnectMaxDelay);
                    agent.Failures++;
                    agent.Endpoint = EndpointSpread.Next(agent.Endpoint, _endpoints.Count);
                    agent.ReconnectAt = now + (long)(_random.NextDouble() * cap.TotalSeconds * Stopwatch.Frequency);
                    waiting.Add(agent);
                }

                var budget = Math.Max(1, _options.ConnectRate / 50);
                for (var i = waiting.Count - 1; i >= 0 && budget > 0; i--)
                {
                    var agent = waiting[i];
                    if (agent.State != AgentState.Running && agent.State != AgentState.Stalled)
                    {
                        waiting.RemoveAt(i);
                    }
                    else if (agent.ReconnectAt <= now)
                    {
                        waiting.RemoveAt(i);
                        budget--;
                        Counters.Reconnect(agent.Endpoint);
                        CloseOwnConnection(agent);
                        Open(agent);
                    }
                }
            }
        }
        catch (OperationCanceledException)
        {
        }
    }

    private TimeSpan CurrentInterval => IntervalOverride ?? Interval.Value;

    private void BeatSlot(int slot, int slots, long now)
    {
        var n = Agents.Length;
        var first = (int)(((long)slot * n + slots - 1) / slots);
        var end = (int)((((long)slot + 1) * n + slots - 1) / slots);
        var due = 0;
        for (var i = first; i < end && i < n; i++)
        {
            var agent = Agents[i];
            if (agent.State == AgentState.Running)
            {
                due++;
                agent.Beat(now);
            }
        }

        Counters.Due(due);
    }
}
