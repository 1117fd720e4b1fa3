using NodeManager.Core.Health;
using NodeManager.Core.History;
using NodeManager.Core.Storage;
using NodeManager.Server.Metrics;

namespace NodeManager.Server.Health;

/// <summary>
/// Writes health transitions durably, then counts and logs them: the one path for intake, sweeper
/// and prober. Writes are group-committed: while one transaction is in flight, every transition that
/// arrives waits for the next one, which carries them all (a reconnect storm of 100,000 first
/// heartbeats is then a few hundred commits, not 100,000). Each caller still returns only once its
/// own transitions are durable.
/// </summary>
public sealed partial class HealthTransitions(IHealthStore store, HealthRegistry registry, NodeManagerMetrics metrics, ILogger<HealthTransitions> logger)
{
    private const string FirstHeartbeat = "HeartbeatReceived";

    /// <summary>Most transitions one commit carries.</summary>
    public const int MaxBatch = 10_000;

    private readonly Lock _gate = new();
    private readonly Queue<Pending> _queue = new();
    private bool _writing;

    public Task SaveAsync(IReadOnlyList<NodeHealthState> transitions, CancellationToken cancellationToken) =>
        SaveAsync(transitions, HistoryActors.System, cancellationToken);

    /// <summary>Saves <paramref name="transitions"/>, recording <paramref name="actor"/> (who made them) in the nodes' history.</summary>
    public async Task SaveAsync(IReadOnlyList<NodeHealthState> transitions, string actor, CancellationToken cancellationToken)
    {
        if (transitions.Count == 0)
        {
            return;
        }

        var pending = new Pending(transitions, actor);
        bool start;
        lock (_gate)
        {
            _queue.Enqueue(pending);
            start = !_writing;
            _writing = true;
        }

        if (start)
        {
            _ = Task.Run(WriteLoopAsync, CancellationToken.None);
        }

        // The write goes on if this caller gives up (it is someone else's commit too); only the wait ends.
        await pending.Done.Task.WaitAsync(cancellationToken);
        foreach (var state in transitions)
        {
            metrics.Transition(state);
            if (state.Reason == FirstHeartbeat)
            {
                // A node heard from for the first time (100,000 of them at once at region build-out or
                // after a fresh start): counted, logged at Debug; a synchronous console would stall intake.
                LogFirstHeartbeat(logger, state.NodeId);
            }
            else
            {
                LogTransition(logger, state.NodeId, state.Status, state.Reason, state.DecidedBy, state.Message);
            }
        }
    }

    private async Task WriteLoopAsync()
    {
        while (true)
        {
            var batch = new List<Pending>();
            var states = new List<NodeHealthState>();
            var actors = new List<string>();
            lock (_gate)
            {
                while (_queue.TryPeek(out var next) && (states.Count == 0 || states.Count + next.States.Count <= MaxBatch))
                {
                    batch.Add(_queue.Dequeue());
                    states.AddRange(next.States);
                    actors.AddRange(Enumerable.Repeat(next.Actor, next.States.Count));
                }

                if (batch.Count == 0)
                {
                    _writing = false;
                    return;
                }
            }

            try
            {
                await store.SaveHealthAsync(states, actors, CancellationToken.None);
                batch.ForEach(p => p.Done.TrySetResult());
            }
            catch (Exception ex)
            {
                registry.Forget(states);
                batch.ForEach(p => p.Done.TrySetException(ex));
            }
        }
    }

    private sealed record Pending(IReadOnlyList<NodeHealthState> States, string Actor)
    {
        public TaskCompletionSource Done { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }

    [LoggerMessage(EventId = 2002, Level = LogLevel.Debug, Message = "Node {NodeId} is Ready: first heartbeat received")]
    private static partial void LogFirstHeartbeat(ILogger logger, Guid nodeId);

    [LoggerMessage(EventId = 2001, Level = LogLevel.Information, Message = "Node {NodeId} is {Status}: {Reason} (decided by {DecidedBy}): {Detail}")]
    private static partial void LogTransition(ILogger logger, Guid nodeId, HealthStatus status, string reason, DecidedBy decidedBy, string detail);
}
