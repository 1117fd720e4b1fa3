using Microsoft.Extensions.Logging;
using NodeManager.Abstractions.Lifecycle;
using NodeManager.Abstractions.Nodes;
using NodeManager.Core.Lifecycle;
using NodeManager.Core.Storage;
using CoreNode = NodeManager.Core.Nodes.Node;

namespace NodeManager.Grains.Lifecycle;

/// <summary>
/// Runs one batch operation, one step per tick of a grain timer (DESIGN §3). Two activations of it (the
/// directory is eventually consistent) cannot both progress: each step saves against the version it read,
/// and the one that loses stops. Placed on the silo that starts it (the one that took the API call).
/// </summary>
[Orleans.Placement.PreferLocalPlacement]
public sealed partial class RollingOperationGrain(
    IOperationStore operations,
    INodeStore nodes,
    LifecycleOptions options,
    TimeProvider time,
    ILogger<RollingOperationGrain> logger) : Grain, IRollingOperationGrain
{
    private IGrainTimer? _timer;

    private string Id => this.GetPrimaryKeyString();

    public Task RunAsync()
    {
        _timer ??= this.RegisterGrainTimer(StepAsync, new GrainTimerCreationOptions
        {
            DueTime = TimeSpan.Zero,
            Period = options.OperationPollInterval,
            KeepAlive = true, // an operation waiting for nodes to come back receives no calls
        });
        return Task.CompletedTask;
    }

    private async Task StepAsync(CancellationToken cancellationToken)
    {
        try
        {
            if (!await StepOnceAsync(cancellationToken))
            {
                Stop();
            }
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            LogStepFailed(logger, Id, ex); // the next tick tries again
        }
    }

    /// <summary>One step; false once there is nothing more to do here (finished, gone, or saved by another).</summary>
    private async Task<bool> StepOnceAsync(CancellationToken cancellationToken)
    {
        var operation = await operations.GetOperationAsync(Id, cancellationToken);
        if (operation is null || operation.IsFinished)
        {
            return false;
        }

        var current = (await nodes.GetManyAsync(operation.Nodes.Select(n => n.NodeId).ToList(), cancellationToken)).ToDictionary(n => n.Id);
        var now = StoredTime.Now(time);
        var step = RollingPlanner.Next(operation, current, now);
        var results = step.Nodes.ToList();
        foreach (var nodeId in step.ToApply)
        {
            var index = results.FindIndex(n => n.NodeId == nodeId);
            results[index] = await ApplyAsync(operation, current[nodeId], now);
        }

        var next = Progressed(operation, results, now);
        var (saved, _) = await operations.SaveOperationAsync(next, operation.Version, cancellationToken);
        if (!saved)
        {
            LogStopped(logger, Id);
            return false;
        }

        if (next.IsFinished)
        {
            LogFinished(logger, Id, next.State, next.Count(OperationNodeState.Applied), next.Count(OperationNodeState.Failed));
            return false;
        }

        return true;
    }

    private async Task<OperationNode> ApplyAsync(BatchOperation operation, CoreNode node, DateTimeOffset now)
    {
        var change = new LifecycleChange(node.Id, operation.Target, operation.Reason, operation.Actor, node.Version, now)
        {
            Force = operation.Force,
            OperationId = operation.Id,
        };
        var result = (await GrainFactory.GetGrain<INodeGrain>(node.Id).TransitionAsync(change)).Value;
        return result.Outcome switch
        {
            TransitionOutcome.Ok => new OperationNode(node.Id, OperationNodeState.Applied,
                $"{LifecycleTable.Name(node.LifecycleState)} -> {LifecycleTable.Name(operation.Target)}", now),
            TransitionOutcome.Unchanged => new OperationNode(node.Id, OperationNodeState.Skipped, $"already {LifecycleTable.Name(operation.Target)}", now),
            TransitionOutcome.VersionMismatch => new OperationNode(node.Id, OperationNodeState.Pending, "changed while being transitioned; retrying"),
            _ => new OperationNode(node.Id, OperationNodeState.Failed, LifecycleErrors.From(result, node.Id, operation.Target).Message, now),
        };
    }

    private BatchOperation Progressed(BatchOperation operation, List<OperationNode> results, DateTimeOffset now)
    {
        var failed = results.Count(r => r.State == OperationNodeState.Failed);
        var finished = results.All(r => r.State != OperationNodeState.Pending);
        return operation with
        {
            Nodes = results,
            State = !finished ? OperationState.Running : failed > 0 ? OperationState.Failed : OperationState.Succeeded,
            Message = finished && failed > 0 ? $"{failed} of {results.Count} node(s) could not be transitioned" : "",
            Owner = RuntimeIdentity,
            LeaseUntil = now + options.OperationResumeInterval,
            Version = operation.Version + 1,
            UpdateTime = now,
        };
    }

    private void Stop()
    {
        _timer?.Dispose();
        _timer = null;
        DeactivateOnIdle();
    }

    [LoggerMessage(EventId = 1602, Level = LogLevel.Error, Message = "A step of batch operation {OperationId} failed; the next step retries")]
    private static partial void LogStepFailed(ILogger logger, string operationId, Exception exception);

    [LoggerMessage(EventId = 1604, Level = LogLevel.Information, Message = "Batch operation {OperationId} was cancelled or saved by another activation; stopping here")]
    private static partial void LogStopped(ILogger logger, string operationId);

    [LoggerMessage(EventId = 1605, Level = LogLevel.Information, Message = "Batch operation {OperationId} finished {State}: {Applied} applied, {Failed} failed")]
    private static partial void LogFinished(ILogger logger, string operationId, OperationState state, int applied, int failed);
}
