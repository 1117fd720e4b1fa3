using System.Collections.Concurrent;
using NodeManager.Abstractions.Nodes;
using NodeManager.Core.Health;
using NodeManager.Grains.Nodes;

namespace NodeManager.Grains.Tests;

/// <summary>
/// A silo's heartbeat table reduced to what these tests look at: which node's heartbeats reached a grain on this
/// silo, and how many. The health rules themselves are the server's (tested there, in real processes); here the
/// question is where the grain that decides lives.
/// </summary>
public sealed class HeartbeatLedger : ISiloNodeHealth
{
    private readonly ConcurrentDictionary<Guid, int> _heartbeats = new();

    public int HeartbeatsOf(Guid nodeId) => _heartbeats.GetValueOrDefault(nodeId);

    private static readonly NodeHealthState Watched = NodeHealthState.Initial(Guid.Empty, DateTimeOffset.UnixEpoch) with
    {
        Status = HealthStatus.Ready,
        Conditions = [new HealthCondition("DiskPressure", true, ConditionSeverity.Warning, "Full", "90 %", DateTimeOffset.UnixEpoch, HealthCondition.AgentSource)],
    };

    private readonly ConcurrentDictionary<Guid, bool> _quiet = new();

    /// <summary>Heartbeats of <paramref name="nodeId"/> leave it READY with no conditions (by default READY with a warning: something to watch).</summary>
    public void MarkQuiet(Guid nodeId) => _quiet[nodeId] = true;

    public ValueTask<NodeHealthState?> HeartbeatAsync(Guid nodeId, HeartbeatReport report)
    {
        _heartbeats.AddOrUpdate(nodeId, 1, (_, n) => n + 1);
        var after = _quiet.ContainsKey(nodeId) ? Watched with { Conditions = [] } : Watched;
        return ValueTask.FromResult<NodeHealthState?>(after with { NodeId = nodeId });
    }

    public ValueTask GoodbyeAsync(Guid nodeId, DateTimeOffset at) => ValueTask.CompletedTask;

    public ValueTask JudgeAsync(Guid nodeId, SweepContext context, DateTimeOffset? streamBrokeAt) => ValueTask.CompletedTask;

    public ValueTask ProbeResultAsync(Guid nodeId, bool ok, string detail, DecidedBy trigger) => ValueTask.CompletedTask;

    public ValueTask<NodeHealthState?> GetAsync(Guid nodeId) =>
        ValueTask.FromResult<NodeHealthState?>(NodeHealthState.Initial(nodeId, DateTimeOffset.UnixEpoch));
}
