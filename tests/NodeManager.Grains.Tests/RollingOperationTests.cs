using Microsoft.Extensions.DependencyInjection;
using NodeManager.Abstractions.Lifecycle;
using NodeManager.Abstractions.Nodes;
using NodeManager.Core.Lifecycle;
using NodeManager.Core.Nodes;
using NodeManager.Testing;

namespace NodeManager.Grains.Tests;

/// <summary>
/// A batch operation is one RollingOperationGrain: it rolls nodes into MAINTENANCE one at a time (max
/// unavailable 1) as an operator brings each back, and when the silo running it is killed half-way, the
/// resumer of a live silo activates it there and it finishes from its stored progress. A cluster of its own.
/// </summary>
public sealed class RollingOperationTests : IAsyncLifetime
{
    private static readonly DateTimeOffset Now = new(2026, 12, 6, 8, 0, 0, TimeSpan.Zero);
    private readonly NodeGrainCluster _cluster = new();

    public Task InitializeAsync() => _cluster.InitializeAsync();

    public Task DisposeAsync() => _cluster.DisposeAsync();

    [Fact]
    public async Task An_operation_whose_silo_is_killed_resumes_on_another_and_finishes()
    {
        var nodes = new List<Node>();
        foreach (var node in Enumerable.Range(300, 6).Select(NodeGrainTests.TestNode))
        {
            await _cluster.Through(0, node.Id).CreateAsync(node, "user:test").WaitAsync(TestTimeout.Default);
            var commissioned = (await _cluster.Through(0, node.Id).TransitionAsync(new LifecycleChange(node.Id, LifecycleState.Commissioned, "test", "tester", 1, Now))).Value;
            Assert.Equal(TransitionOutcome.Ok, commissioned.Outcome);
            nodes.Add(commissioned.Node!);
        }

        var id = Guid.NewGuid().ToString("D");
        var operations = _cluster.Store;
        await operations.CreateOperationAsync(new BatchOperation(id, LifecycleState.Maintenance, OperationState.Running, 1, "kernel upgrade", "tester", false,
            nodes.Select(n => new OperationNode(n.Id, OperationNodeState.Pending)).ToList(), "", Now, 1, Now, Now), CancellationToken.None);
        var starter = _cluster.Cluster.Silos[1];
        var grain = starter.ServiceProvider.GetRequiredService<IGrainFactory>().GetGrain<IRollingOperationGrain>(id);
        await grain.RunAsync().WaitAsync(TestTimeout.Default);
        Assert.Equal(starter.SiloAddress, _cluster.HostOf(grain));

        var killed = false;
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(60);
        BatchOperation? operation;
        while ((operation = await operations.GetOperationAsync(id, CancellationToken.None)) is { IsFinished: false })
        {
            Assert.True(DateTime.UtcNow < deadline, $"operation not finished within 60 s: {operation.Count(OperationNodeState.Applied)} applied");
            var maintenance = new List<Guid>();
            foreach (var node in nodes)
            {
                var snapshot = (await _cluster.Through(0, node.Id).GetAsync()).Value!;
                if (snapshot.Node.LifecycleState == LifecycleState.Maintenance)
                {
                    maintenance.Add(node.Id);
                }
            }

            Assert.True(maintenance.Count <= 1, $"{maintenance.Count} nodes in MAINTENANCE at once with max unavailable 1");
            if (maintenance.Count == 1 && !killed && operation.Count(OperationNodeState.Applied) == 2)
            {
                // Half-way: the silo running the operation dies, with one node still out.
                await _cluster.Cluster.KillSiloAsync(starter).WaitAsync(TestTimeout.Default);
                await _cluster.Cluster.WaitForLivenessToStabilizeAsync(didKill: true).WaitAsync(TestTimeout.Default);
                killed = true;
            }

            foreach (var nodeId in maintenance)
            {
                // The operator brings the node back, and the operation may take the next one.
                await _cluster.Through(0, nodeId).TransitionAsync(new LifecycleChange(nodeId, LifecycleState.Commissioned, "done", "operator", 0, Now));
            }

            await Task.Delay(100);
        }

        Assert.True(killed);
        Assert.Equal(OperationState.Succeeded, operation!.State);
        Assert.All(operation.Nodes, n => Assert.Equal(OperationNodeState.Applied, n.State)); // four of them after its first silo died
        Assert.NotEqual(starter.SiloAddress.ToString(), operation.Owner); // the silo that ran its last step
    }
}
