using NodeManager.Core.Lifecycle;
using NodeManager.Core.Nodes;
using NodeManager.Testing;

namespace NodeManager.Storage.Tests;

public abstract partial class NodeStoreContractTests
{
    private IOperationStore Operations => (IOperationStore)Store;

    private static BatchOperation Operation(string id, params Guid[] nodes) =>
        new(id, LifecycleState.Maintenance, OperationState.Running, 2, "kernel", "ops", false,
            nodes.Select(n => new OperationNode(n, OperationNodeState.Pending)).ToList(), "instance-a", TestNodes.T0.AddSeconds(30), 1, TestNodes.T0, TestNodes.T0);

    [StoreFact]
    public async Task SaveOperationAsync_ExpectedVersion_SavesElseReturnsCurrent()
    {
        var created = Operation("op-1", Guid.NewGuid(), Guid.NewGuid());
        await Operations.CreateOperationAsync(created, CancellationToken.None).WaitAsync(TestTimeout.Default);
        var progressed = created with
        {
            Version = 2,
            Nodes = [created.Nodes[0] with { State = OperationNodeState.Applied, Time = TestNodes.T0.AddSeconds(1) }, created.Nodes[1]],
        };

        var saved = await Operations.SaveOperationAsync(progressed, 1, CancellationToken.None).WaitAsync(TestTimeout.Default);
        var stale = await Operations.SaveOperationAsync(created with { Version = 2, State = OperationState.Cancelled }, 1, CancellationToken.None).WaitAsync(TestTimeout.Default);

        Assert.True(saved.Saved);
        Assert.False(stale.Saved);
        Assert.Equal(progressed.Nodes, stale.Current!.Nodes);
        var read = await Operations.GetOperationAsync("op-1", CancellationToken.None).WaitAsync(TestTimeout.Default);
        Assert.Equal((2L, OperationState.Running, "kernel"), (read!.Version, read.State, read.Reason));
        Assert.Equal(progressed.Nodes, read.Nodes);
        Assert.Null(await Operations.GetOperationAsync("op-2", CancellationToken.None).WaitAsync(TestTimeout.Default));
    }

    [StoreFact]
    public async Task ListUnfinishedOperationsAsync_MixedStates_ReturnsRunningOnly()
    {
        await Operations.CreateOperationAsync(Operation("op-a"), CancellationToken.None).WaitAsync(TestTimeout.Default);
        await Operations.CreateOperationAsync(Operation("op-b") with { State = OperationState.Succeeded }, CancellationToken.None).WaitAsync(TestTimeout.Default);

        var running = await Operations.ListUnfinishedOperationsAsync(CancellationToken.None).WaitAsync(TestTimeout.Default);

        Assert.Equal(["op-a"], running.Select(o => o.Id));
    }
}
