using System.Collections.Concurrent;
using System.Diagnostics;
using Grpc.Core;
using NodeManager.Simulator.Hosting;
using NodeManager.Simulator.Measure;
using NodeManager.Simulator.Wire;

namespace NodeManager.Simulator.Agents;

/// <summary>
/// All simulated agents and their connections, over E server endpoints (agent i starts at endpoint i mod E and
/// moves to the next after a broken stream): M shared HTTP/2 connections to each endpoint, or one connection per
/// agent from several loopback source addresses. Opening, reconnecting with jittered backoff, and the acts of the
/// scenarios (kill, stall, goodbye, drop).
/// </summary>
public sealed partial class AgentFleet : IAsyncDisposable
{
    private readonly SimulatorOptions _options;
    private readonly IReadOnlyList<Uri> _endpoints;

    /// <summary>Per-agent mode: one per agent, to its current endpoint. Multiplexed: M per endpoint, endpoint e's at [e·M, e·M + M).</summary>
    private readonly AgentConnection?[] _channels;
    private readonly ConcurrentQueue<SimAgent> _broken = new();
    private readonly Random _random;

    public AgentFleet(SimulatorOptions options, IReadOnlyList<string> nodeIds, FleetCounters counters)
    {
        _options = options;
        _endpoints = options.Endpoints;
        _random = new Random(options.Seed);
        Counters = counters;
        Interval = new IntervalBox(options.InitialInterval);
        Agents = nodeIds.Select((id, i) => new SimAgent(i, id, counters, Interval)
        {
            Endpoint = EndpointSpread.First(i, _endpoints.Count),
            OnBroken = _broken.Enqueue,
        }).ToArray();
        _channels = new AgentConnection?[options.Mode == ConnectionMode.PerAgent ? Agents.Length : options.Connections * _endpoints.Count];
    }

    public SimAgent[] Agents { get; }

    public IReadOnlyList<Uri> Endpoints => _endpoints;

    public FleetCounters Counters { get; }

    /// <summary>The interval the server directs (from acks).</summary>
    public IntervalBox Interval { get; }

    /// <summary>When set (max scenario), the scheduler uses this interval instead of the directed one.</summary>
    public TimeSpan? IntervalOverride { get; set; }

    public int ConnectedCount => Agents.Count(a => a.Connected);

    /// <summary>Connected agents per endpoint (same order as <see cref="Endpoints"/>).</summary>
    public int[] ConnectedPerEndpoint()
    {
        var counts = new int[_endpoints.Count];
        foreach (var agent in Agents)
        {
            if (agent.Connected)
            {
                counts[agent.Endpoint]++;
            }
        }

        return counts;
    }

    /// <summary>Opens every running agent's stream at the configured rate; then waits (bounded) until each has an ack.</summary>
    public async Task<bool> ConnectAllAsync(TimeSpan timeout, CancellationToken ct)
    {
        var clock = Stopwatch.StartNew();
        var perTick = Math.Max(1, _options.ConnectRate / 100);
        for (var i = 0; i < Agents.Length; i++)
        {
            if (Agents[i].State == AgentState.Running && !Agents[i].Connected)
            {
                Open(Agents[i]);
            }

            if (i % perTick == perTick - 1)
            {
                var ahead = TimeSpan.FromSeconds((double)(i + 1) / _options.ConnectRate) - clock.Elapsed;
                if (ahead > TimeSpan.Zero)
                {
                    await Task.Delay(ahead, ct);
                }
            }
        }

        return await WaitUntilAsync(() => Agents.All(a => a.State != AgentState.Running || a.LastAckAt != 0), timeout, ct);
    }

    /// <summary>Polls <paramref name="condition"/> every 50 ms until true or <paramref name="timeout"/>.</summary>
    public static async Task<bool> WaitUntilAsync(Func<bool> condition, TimeSpan timeout, CancellationToken ct)
    {
        var clock = Stopwatch.StartNew();
        while (!condition())
        {
            if (clock.Elapsed >= timeout)
            {
                return false;
            }

            await Task.Delay(50, ct);
        }

        return true;
    }

    public void Kill(SimAgent agent)
    {
        agent.Kill();
        CloseOwnConnection(agent);
    }

    /// <summary>Flap: drop the stream (and own connection) now; <see cref="Revive"/> brings it back.</summary>
    public void Drop(SimAgent agent)
    {
        agent.State = AgentState.Killed;
        agent.Drop();
        CloseOwnConnection(agent);
    }

    public void Revive(SimAgent agent)
    {
        agent.State = AgentState.Running;
        Open(agent);
    }

    public async Task GoodbyeAsync(SimAgent agent)
    {
        await agent.GoodbyeAsync(TimeSpan.FromSeconds(10));
        CloseOwnConnection(agent);
    }

    private void Open(SimAgent agent)
    {
        try
        {
            agent.Open(ConnectionFor(agent).Health);
        }
        catch (Exception ex) when (ex is RpcException or HttpRequestException or IOException or InvalidOperationException)
        {
            Counters.StreamError();
            _broken.Enqueue(agent);
        }
    }

    private AgentConnection ConnectionFor(SimAgent agent)
    {
        var endpoint = agent.Endpoint;
        if (_options.Mode == ConnectionMode.PerAgent)
        {
            return _channels[agent.Index] ??= new(ChannelFactory.Create(_endpoints[endpoint], LoopbackSources.For(agent.Index, _options.AgentsPerSource), allowMoreConnections: false, _options.Token));
        }

        var slot = (endpoint * _options.Connections) + EndpointSpread.Connection(agent.Index, _endpoints.Count, _options.Connections);
        return _channels[slot] ??= new(ChannelFactory.Create(_endpoints[endpoint], null, allowMoreConnections: true, _options.Token));
    }

    private void CloseOwnConnection(SimAgent agent)
    {
        if (_options.Mode == ConnectionMode.PerAgent && Interlocked.Exchange(ref _channels[agent.Index], null) is { } channel)
        {
            channel.Dispose();
        }
    }

    public ValueTask DisposeAsync()
    {
        foreach (var agent in Agents)
        {
            agent.State = AgentState.Killed;
            agent.Drop();
        }

        for (var i = 0; i < _channels.Length; i++)
        {
            Interlocked.Exchange(ref _channels[i], null)?.Dispose();
        }

        return ValueTask.CompletedTask;
    }
}
