using NodeManager.Core.Health;
using NodeManager.Core.Storage;
using NodeManager.Server.Metrics;

namespace NodeManager.Server.Health;

/// <summary>Writes health transitions durably, then counts and logs them: the one path for intake, sweeper and prober.</summary>
public sealed partial class HealthTransitions(IHealthStore store, HealthRegistry registry, NodeManagerMetrics metrics, ILogger<HealthTransitions> logger)
{
    public async Task SaveAsync(IReadOnlyList<NodeHealthState> transitions, CancellationToken cancellationToken)
    {
        if (transitions.Count == 0)
        {
            return;
        }

        try
        {
            await store.SaveHealthAsync(transitions, cancellationToken);
        }
        catch
        {
            registry.Forget(transitions);
            throw;
        }
        foreach (var state in transitions)
        {
            metrics.Transition(state);
            LogTransition(logger, state.NodeId, state.Status, state.Reason, state.DecidedBy, state.Message);
        }
    }

    [LoggerMessage(EventId = 2001, Level = LogLevel.Information, Message = "Node {NodeId} is {Status}: {Reason} (decided by {DecidedBy}): {Detail}")]
    private static partial void LogTransition(ILogger logger, Guid nodeId, HealthStatus status, string reason, DecidedBy decidedBy, string detail);
}
