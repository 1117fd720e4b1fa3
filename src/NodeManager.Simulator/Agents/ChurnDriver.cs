using System.Diagnostics;
using Grpc.Core;
using NodeManager.Simulator.Hosting;
using NodeManager.Simulator.Measure;
using NodeManager.Simulator.Wire;

namespace NodeManager.Simulator.Agents;

/// <summary>
/// Churn while the fleet is steady: registers new nodes (CreateNode) and starts their agents, and once the
/// churn pool is full says goodbye for and deletes the oldest, at <c>--churn-rate</c> of each per second.
/// </summary>
public sealed class ChurnDriver(SimulatorOptions options, Uri server, NodeRegistrar registrar, FleetCounters counters, IntervalBox interval, TextWriter log)
{
    private long _operations;
    private long _errors;

    public long Operations => Interlocked.Read(ref _operations);

    public long Errors => Interlocked.Read(ref _errors);

    /// <summary>Churns for <paramref name="duration"/>, then removes every node it added.</summary>
    public async Task RunAsync(TimeSpan duration, CancellationToken ct)
    {
        using var connection = new AgentConnection(ChannelFactory.Create(server, null, allowMoreConnections: true, options.Token));
        var pool = new Queue<(SimAgent Agent, long BeatAt)>();
        var poolSize = Math.Max(10, (int)(options.ChurnRate * 10));
        var clock = Stopwatch.StartNew();
        var next = options.Nodes;
        using var timer = new PeriodicTimer(TimeSpan.FromSeconds(1 / options.ChurnRate));
        while (clock.Elapsed < duration && await timer.WaitForNextTickAsync(ct))
        {
            if (pool.Count >= poolSize)
            {
                await RemoveAsync(pool.Dequeue().Agent, ct);
            }

            try
            {
                var id = await registrar.CreateAsync(next, ct);
                var agent = new SimAgent(next++, id, counters, interval);
                agent.Open(connection.Health);
                pool.Enqueue((agent, Stopwatch.GetTimestamp()));
                Interlocked.Increment(ref _operations);
            }
            catch (Exception ex) when (ex is RpcException or InvalidOperationException or HttpRequestException)
            {
                Interlocked.Increment(ref _errors);
            }

            BeatDue(pool);
        }

        while (pool.Count > 0)
        {
            await RemoveAsync(pool.Dequeue().Agent, ct);
        }

        log.WriteLine($"churn: {Operations} registrations/deregistrations, {Errors} errors");
    }

    /// <summary>Pool agents heartbeat at the directed interval, paced by this loop.</summary>
    private void BeatDue(Queue<(SimAgent Agent, long BeatAt)> pool)
    {
        var now = Stopwatch.GetTimestamp();
        var period = (long)(interval.Value.TotalSeconds * Stopwatch.Frequency);
        for (var i = 0; i < pool.Count; i++)
        {
            var (agent, beatAt) = pool.Dequeue();
            if (now - beatAt >= period && agent.Beat(now))
            {
                beatAt = now;
            }

            pool.Enqueue((agent, beatAt));
        }
    }

    private async Task RemoveAsync(SimAgent agent, CancellationToken ct)
    {
        try
        {
            await agent.GoodbyeAsync(TimeSpan.FromSeconds(5));
            await registrar.DeleteAsync(agent.NodeId, ct);
            Interlocked.Increment(ref _operations);
        }
        catch (Exception ex) when (ex is RpcException or InvalidOperationException or HttpRequestException)
        {
            Interlocked.Increment(ref _errors);
        }
    }
}
