using System.Diagnostics;
using NodeManager.Core.Nodes;
using NodeManager.Core.Storage;
using NodeManager.Testing;

namespace NodeManager.Storage.Tests;

public abstract partial class NodeStoreContractTests
{
    private Task<WriteResult> ApplyAsync(IReadOnlyList<Node> creates, IReadOnlyList<NodeUpdate> updates) =>
        Store.ApplyBatchAsync(creates, updates, CancellationToken.None).WaitAsync(TestTimeout.Default);

    private static NodeUpdate Replacing(Node current, string prefix, DateTimeOffset now) =>
        new(current with { Spec = TestNodes.Spec(IndexOf(current), prefix), Version = current.Version + 1, UpdateTime = now }, current.Version);

    private static int IndexOf(Node node) => int.Parse(node.Spec.SerialNumber[3..], System.Globalization.CultureInfo.InvariantCulture);

    [StoreFact]
    public async Task ApplyBatchAsync_CreatesAndUpdates_AllWritten()
    {
        var existing = new[] { await CreatedAsync(TestNodes.Node(1)), await CreatedAsync(TestNodes.Node(2)) };
        var creates = new[] { TestNodes.Node(3), TestNodes.Node(4) with { Spec = TestNodes.Spec(4) with { Mac = "" } } };
        var updates = existing.Select(n => Replacing(n, "updated", TestNodes.T0.AddDays(2))).ToList();

        var result = await ApplyAsync(creates, updates);

        Assert.Equal(WriteOutcome.Ok, result.Outcome);
        AssertSameNodes(creates.Concat(updates.Select(u => u.Node)).InIdOrder(),
            await Store.LoadAllAsync(CancellationToken.None).WaitAsync(TestTimeout.Default));
    }

    [StoreFact]
    public async Task ApplyBatchAsync_StaleExpectedVersion_NothingWritten()
    {
        var existing = new[] { await CreatedAsync(TestNodes.Node(1)), await CreatedAsync(TestNodes.Node(2)) };
        var moved = (await Store.UpdateAsync(existing[1].Id, TestNodes.Spec(2, "moved"), 0, TestNodes.T0, CancellationToken.None).WaitAsync(TestTimeout.Default)).Node!;
        var updates = existing.Select(n => Replacing(n, "updated", TestNodes.T0.AddDays(2))).ToList();

        var result = await ApplyAsync([TestNodes.Node(3)], updates);

        Assert.Equal(WriteOutcome.VersionMismatch, result.Outcome);
        AssertSameNodes(new[] { existing[0], moved }.InIdOrder(), await Store.LoadAllAsync(CancellationToken.None).WaitAsync(TestTimeout.Default));
    }

    [StoreFact]
    public async Task ApplyBatchAsync_CreateTakesExistingName_ConflictAndNothingWritten()
    {
        var holder = await CreatedAsync(TestNodes.Node(1));
        var clash = TestNodes.Node(3) with { Spec = TestNodes.Spec(3) with { Name = holder.Spec.Name } };

        var result = await ApplyAsync([TestNodes.Node(2), clash], []);

        Assert.Equal(WriteOutcome.Conflict, result.Outcome);
        Assert.Equal("name", result.Conflict!.Field);
        AssertSameNodes([holder], await Store.LoadAllAsync(CancellationToken.None).WaitAsync(TestTimeout.Default));
    }

    [StoreFact]
    public async Task ApplyBatchAsync_TwoCreatesShareAnIp_ConflictAndNothingWritten()
    {
        var first = TestNodes.Node(1);
        var second = TestNodes.Node(2) with { Spec = TestNodes.Spec(2) with { Ip = first.Spec.Ip } };

        var result = await ApplyAsync([first, second], []);

        Assert.Equal(WriteOutcome.Conflict, result.Outcome);
        Assert.Equal("ip", result.Conflict!.Field);
        Assert.Empty(await Store.LoadAllAsync(CancellationToken.None).WaitAsync(TestTimeout.Default));
    }

    [StoreFact]
    public async Task ApplyBatchAsync_UpdateTakesAnotherNodesMac_ConflictAndNothingWritten()
    {
        var holder = await CreatedAsync(TestNodes.Node(1));
        var node = await CreatedAsync(TestNodes.Node(2));
        var update = new NodeUpdate(node with { Spec = node.Spec with { Mac = holder.Spec.Mac }, Version = 2 }, 1);

        var result = await ApplyAsync([TestNodes.Node(3)], [update]);

        Assert.Equal(WriteOutcome.Conflict, result.Outcome);
        Assert.Equal("mac", result.Conflict!.Field);
        AssertSameNodes(new[] { holder, node }.InIdOrder(), await Store.LoadAllAsync(CancellationToken.None).WaitAsync(TestTimeout.Default));
    }

    [StoreFact]
    public async Task ApplyBatchAsync_UpdateOfMissingNode_MismatchAndNothingWritten()
    {
        var ghost = TestNodes.Node(1) with { Version = 2 };

        var result = await ApplyAsync([TestNodes.Node(2)], [new NodeUpdate(ghost, 1)]);

        Assert.Equal(WriteOutcome.VersionMismatch, result.Outcome);
        Assert.Empty(await Store.LoadAllAsync(CancellationToken.None).WaitAsync(TestTimeout.Default));
    }

    [StoreFact]
    public async Task ApplyBatchAsync_Empty_Ok()
    {
        Assert.Equal(WriteOutcome.Ok, (await ApplyAsync([], [])).Outcome);
    }

    [StoreFact]
    public async Task ApplyBatchAsync_TwentyThousandNodes_RoundTrip()
    {
        const int Count = 20_000;
        var creates = Enumerable.Range(0, Count).Select(i => TestNodes.Node(i, "bulk")).ToList();

        var clock = Stopwatch.StartNew();
        var created = await ApplyAsync(creates, []);
        var createTime = clock.Elapsed;
        var loaded = await Store.LoadAllAsync(CancellationToken.None).WaitAsync(TestTimeout.Default);

        Assert.Equal(WriteOutcome.Ok, created.Outcome);
        AssertSameNodes(creates.InIdOrder(), loaded);

        var updates = loaded.Select(n => Replacing(n, "rebuilt", TestNodes.T0.AddDays(3))).ToList();
        clock.Restart();
        var updated = await ApplyAsync([], updates);
        var updateTime = clock.Elapsed;

        Assert.Equal(WriteOutcome.Ok, updated.Outcome);
        AssertSameNodes(updates.Select(u => u.Node), await Store.LoadAllAsync(CancellationToken.None).WaitAsync(TestTimeout.Default));
        Output.WriteLine($"{GetType().Name}: ApplyBatch of {Count} creates took {createTime.TotalMilliseconds:F0} ms, of {Count} updates {updateTime.TotalMilliseconds:F0} ms");
    }
}
