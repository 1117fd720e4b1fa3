using System.Collections.Concurrent;
using NodeManager.Core.Lifecycle;
using NodeManager.Core.Storage;
using NodeManager.Server.Api;
using NodeManager.Server.Health;
using CoreNode = NodeManager.Core.Nodes.Node;

using NodeManager.Server.Cluster;

namespace NodeManager.Server.Lifecycle;

/// <summary>
/// Runs batch operations started on this instance, one loop each: look at the selected nodes, let
/// <see cref="RollingPlanner"/> say which may move now, transition them (each against the version
/// just read), save progress by compare-and-swap (which also renews the lease), then wait for the
/// next change event or the poll interval. A failed save means someone cancelled it: the loop stops.
/// Operations whose owner stopped renewing (the instance died) are claimed by whichever instance's
/// scan sees the lapsed lease first, and resumed from their stored per-node state.
/// </summary>
public sealed partial class OperationRunner(
    IOperationStore operations,
    INodeStore nodes,
    NodeGrains grains,
    IChangeFeed feed,
    HealthRegistry health,
    LifecycleOptions options,
    TimeProvider time,
    ILogger<OperationRunner> logger) : BackgroundService
{
    private readonly ConcurrentDictionary<string, Task> _running = new();
    private readonly CancellationTokenSource _stopping = new();

    /// <summary>This process's owner id in the operations table.</summary>
    public string InstanceId { get; } = Environment.MachineName + "/" + Guid.NewGuid().ToString("N")[..12];

    public void Start(BatchOperation operation) =>
        _running.GetOrAdd(operation.Id, id => Task.Run(() => RunGuardedAsync(id, _stopping.Token)));

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken, _stopping.Token);
        while (!linked.IsCancellationRequested)
        {
            try
            {
                await ClaimLapsedAsync(linked.Token);
                await Task.Delay(options.OperationLease / 2, time, linked.Token);
            }
            catch (OperationCanceledException) when (linked.IsCancellationRequested)
            {
                break;
            }
            catch (Exception ex)
            {
                LogScanFailed(logger, ex);
                await Task.Delay(options.OperationPollInterval, time, linked.Token).ContinueWith(_ => { }, TaskScheduler.Default);
            }
        }
    }

    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        await _stopping.CancelAsync();
        await Task.WhenAll(_running.Values).WaitAsync(cancellationToken).ContinueWith(_ => { }, TaskScheduler.Default);
        await base.StopAsync(cancellationToken);
    }

    public override void Dispose()
    {
        _stopping.Dispose();
        base.Dispose();
    }

    private async Task ClaimLapsedAsync(CancellationToken cancellationToken)
    {
        foreach (var operation in await operations.ListUnfinishedOperationsAsync(cancellationToken))
        {
            var now = ServerClock.Now(time);
            if (_running.ContainsKey(operation.Id) || (operation.Owner != InstanceId && operation.LeaseUntil > now))
            {
                continue;
            }

            var claimed = operation with { Owner = InstanceId, LeaseUntil = now + options.OperationLease, Version = operation.Version + 1, UpdateTime = now };
            if ((await operations.SaveOperationAsync(claimed, operation.Version, cancellationToken)).Saved)
            {
                LogClaimed(logger, operation.Id, operation.Owner);
                Start(claimed);
            }
        }
    }

    private async Task RunGuardedAsync(string id, CancellationToken cancellationToken)
    {
        try
        {
            await RunAsync(id, cancellationToken);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // Shutting down: the lease lapses and another instance (or this one, restarted) resumes it.
        }
        catch (Exception ex)
        {
            LogRunFailed(logger, id, ex);
        }
        finally
        {
            _running.TryRemove(id, out _);
        }
    }

    private async Task RunAsync(string id, CancellationToken cancellationToken)
    {
        while (true)
        {
            var operation = await operations.GetOperationAsync(id, cancellationToken);
            if (operation is null || operation.IsFinished || operation.Owner != InstanceId)
            {
                return;
            }

            var current = (await nodes.GetManyAsync(operation.Nodes.Select(n => n.NodeId).ToList(), cancellationToken)).ToDictionary(n => n.Id);
            var now = ServerClock.Now(time);
            var step = RollingPlanner.Next(operation, current, now);
            var results = step.Nodes.ToList();
            foreach (var nodeId in step.ToApply)
            {
                var index = results.FindIndex(n => n.NodeId == nodeId);
                results[index] = await ApplyAsync(operation, current[nodeId], now, cancellationToken);
            }

            var next = Progressed(operation, results, now);
            var (saved, _) = await operations.SaveOperationAsync(next, operation.Version, cancellationToken);
            if (!saved)
            {
                LogStopped(logger, id);
                return;
            }

            if (next.IsFinished)
            {
                LogFinished(logger, id, next.State, next.Count(OperationNodeState.Applied), next.Count(OperationNodeState.Failed));
                return;
            }

            if (step.ToApply.Count == 0 || results.Any(r => r.State == OperationNodeState.Pending))
            {
                await feed.WaitForEventsAsync(options.OperationPollInterval, cancellationToken);
            }
        }
    }

    private async Task<OperationNode> ApplyAsync(BatchOperation operation, CoreNode node, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var change = new LifecycleChange(node.Id, operation.Target, operation.Reason, operation.Actor, node.Version, now)
        {
            Force = operation.Force,
            OperationId = operation.Id,
        };
        var result = await grains.TransitionAsync(change);
        if (result.Outcome == TransitionOutcome.Ok)
        {
            health.OnNodeWritten(result.Node!);
        }

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
            Version = operation.Version + 1,
            UpdateTime = now,
            LeaseUntil = now + options.OperationLease,
        };
    }
}
