using System.Diagnostics;
using NodeManager.Core.Changes;
using NodeManager.Core.Nodes;
using NodeManager.Core.Storage;
using NodeManager.Testing;

namespace NodeManager.Storage.Tests;

public abstract partial class NodeStoreContractTests
{
    private IChangeFeed Feed => (IChangeFeed)Store;

    /// <summary>A store writing to the same database as <see cref="Store"/>: another instance where the engine allows one.</summary>
    protected virtual Task<INodeStore> OpenOtherWriterAsync() => Task.FromResult(Store);

    /// <summary>Returns once <see cref="Store"/> hears about commits (PostgreSQL: its listener is listening).</summary>
    protected virtual Task StartListeningAsync() => Task.CompletedTask;

    private Task<IReadOnlyList<ChangeEvent>> ReadEventsAsync(long after, int limit = 10_000) =>
        Feed.ReadEventsAsync(after, limit, CancellationToken.None).WaitAsync(TestTimeout.Default);

    private Task<RevisionRange> RangeAsync() => Feed.GetRevisionRangeAsync(CancellationToken.None).WaitAsync(TestTimeout.Default);

    private static void AssertEvent(ChangeEvent e, ChangeKind kind, Node node)
    {
        Assert.Equal(kind, e.Kind);
        Assert.Equal(node.Id, e.NodeId);
        Assert.Null(e.Health);
        AssertSameNode(node, e.Node);
    }

    private static void AssertIncreasing(IReadOnlyList<ChangeEvent> events)
    {
        for (var i = 1; i < events.Count; i++)
        {
            Assert.True(events[i].Revision > events[i - 1].Revision, $"revision {events[i].Revision} follows {events[i - 1].Revision}");
        }
    }

    [StoreFact]
    public async Task Writes_CreateUpdateDelete_EachAppendsItsEventInOrder()
    {
        var start = (await RangeAsync()).Head;
        var created = await CreatedAsync(TestNodes.Node(1));
        var updated = (await Store.UpdateAsync(created.Id, TestNodes.Spec(1, "renamed"), 1, TestNodes.T0.AddHours(1), CancellationToken.None).WaitAsync(TestTimeout.Default)).Node!;
        Assert.Equal(WriteOutcome.Ok, (await Store.DeleteAsync(created.Id, 2, CancellationToken.None).WaitAsync(TestTimeout.Default)).Outcome);

        var events = await ReadEventsAsync(start);

        Assert.Equal(3, events.Count);
        AssertEvent(events[0], ChangeKind.NodeCreated, created);
        AssertEvent(events[1], ChangeKind.NodeUpdated, updated);
        AssertEvent(events[2], ChangeKind.NodeDeleted, updated);
        AssertIncreasing(events);
        Assert.Equal(new RevisionRange(0, events[2].Revision), await RangeAsync());
    }

    [StoreFact]
    public async Task Writes_FailedConflictingOrStale_AppendNothing()
    {
        var node = await CreatedAsync(TestNodes.Node(1));
        var other = await CreatedAsync(TestNodes.Node(2));
        var head = (await RangeAsync()).Head;
        var clash = TestNodes.Node(3) with { Spec = TestNodes.Spec(3) with { Name = node.Spec.Name } };
        var none = CancellationToken.None;

        var outcomes = new[]
        {
            await Store.CreateAsync(node, none),
            await Store.CreateAsync(clash, none),
            await Store.UpdateAsync(node.Id, TestNodes.Spec(1, "x"), 7, TestNodes.T0, none),
            await Store.UpdateAsync(Guid.NewGuid(), TestNodes.Spec(9), 0, TestNodes.T0, none),
            await Store.UpdateAsync(node.Id, other.Spec, 0, TestNodes.T0, none),
            await Store.DeleteAsync(node.Id, 7, none),
            await Store.DeleteAsync(Guid.NewGuid(), 0, none),
            await Store.ApplyBatchAsync([TestNodes.Node(4)], [new NodeUpdate(node with { Version = 9 }, 8)], none),
            await Store.ApplyBatchAsync([TestNodes.Node(5), clash], [], none),
        };

        Assert.All(outcomes, r => Assert.NotEqual(WriteOutcome.Ok, r.Outcome));
        Assert.Empty(await ReadEventsAsync(head));
        Assert.Equal(head, (await RangeAsync()).Head);
    }

    [StoreFact]
    public async Task ApplyBatchAsync_CreatesAndUpdates_OneEventPerWrittenNode()
    {
        var existing = new[] { await CreatedAsync(TestNodes.Node(1)), await CreatedAsync(TestNodes.Node(2)) };
        var head = (await RangeAsync()).Head;
        var creates = new[] { TestNodes.Node(3), TestNodes.Node(4) };
        var update = Replacing(existing[0], "updated", TestNodes.T0.AddDays(2));

        Assert.Equal(WriteOutcome.Ok, (await ApplyAsync(creates, [update])).Outcome);

        var events = await ReadEventsAsync(head);
        Assert.Equal(3, events.Count);
        AssertEvent(events[0], ChangeKind.NodeCreated, creates[0]);
        AssertEvent(events[1], ChangeKind.NodeCreated, creates[1]);
        AssertEvent(events[2], ChangeKind.NodeUpdated, update.Node);
        AssertIncreasing(events);
        Assert.DoesNotContain(events, e => e.NodeId == existing[1].Id);
    }

    [StoreFact]
    public async Task SaveHealthAsync_SavedStates_AppendHealthChangedAndFlushAppendsNone()
    {
        var node = await CreatedAsync(TestNodes.Node(1));
        var head = (await RangeAsync()).Head;

        await SaveHealthAsync(Unhealthy(node.Id), Unhealthy(Guid.NewGuid()));
        await FlushAsync((node.Id, TestNodes.T0.AddHours(1)));

        var events = await ReadEventsAsync(head);
        var e = Assert.Single(events);
        Assert.Equal(ChangeKind.HealthChanged, e.Kind);
        Assert.Equal(node.Id, e.NodeId);
        Assert.Null(e.Node);
        AssertSameHealth([Unhealthy(node.Id)], [e.Health!]);
    }

    [StoreFact]
    public async Task ReadEventsAsync_SmallLimit_PagesThroughEveryEventInOrder()
    {
        var nodes = Enumerable.Range(0, 1_000).Select(i => TestNodes.Node(i)).ToList();
        Assert.Equal(WriteOutcome.Ok, (await ApplyAsync(nodes, [])).Outcome);

        var read = new List<ChangeEvent>();
        for (var page = await ReadEventsAsync(0, 7); page.Count > 0; page = await ReadEventsAsync(read[^1].Revision, 7))
        {
            Assert.True(page.Count <= 7);
            read.AddRange(page);
        }

        Assert.Equal(nodes.Select(n => n.Id), read.Select(e => e.NodeId));
        AssertIncreasing(read);
        Assert.Equal(new RevisionRange(0, read[^1].Revision), await RangeAsync());
    }

    [StoreFact]
    public async Task ReadEventsAsync_WhileConcurrentWritersCommit_SeesEveryEventOnceInOrder()
    {
        const int Writers = 20, PerWriter = 20;
        var writers = Task.WhenAll(Enumerable.Range(0, Writers).Select(w => Task.Run(async () =>
        {
            for (var i = 0; i < PerWriter; i++)
            {
                var result = await Store.CreateAsync(TestNodes.Node((w * PerWriter) + i), CancellationToken.None);
                Assert.Equal(WriteOutcome.Ok, result.Outcome);
            }
        })));

        var seen = new List<ChangeEvent>();
        var after = 0L;
        while (true)
        {
            var done = writers.IsCompleted;
            var page = await ReadEventsAsync(after, 50);
            seen.AddRange(page);
            after = page.Count > 0 ? page[^1].Revision : after;
            if (done && page.Count == 0)
            {
                break;
            }
        }

        await writers.WaitAsync(TestTimeout.Default);
        AssertIncreasing(seen);
        var nodes = await Store.LoadAllAsync(CancellationToken.None).WaitAsync(TestTimeout.Default);
        Assert.Equal(Writers * PerWriter, nodes.Count);
        Assert.Equal(nodes.Select(n => n.Id).Order(), seen.Select(e => e.NodeId).Order());
    }

    [StoreFact]
    public async Task CompactEventsAsync_KeepsNewestAndMovesCompactedThrough()
    {
        Assert.Equal(WriteOutcome.Ok, (await ApplyAsync(Enumerable.Range(0, 10).Select(i => TestNodes.Node(i)).ToList(), [])).Outcome);
        var all = await ReadEventsAsync(0);
        var future = DateTimeOffset.UtcNow.AddDays(1);

        Assert.Equal(0, await Feed.CompactEventsAsync(DateTimeOffset.UtcNow.AddDays(-1), 0, CancellationToken.None).WaitAsync(TestTimeout.Default));
        Assert.Equal(7, await Feed.CompactEventsAsync(future, 3, CancellationToken.None).WaitAsync(TestTimeout.Default));

        Assert.Equal(new RevisionRange(all[6].Revision, all[9].Revision), await RangeAsync());
        Assert.Equal(all.Skip(7).Select(e => e.Revision), (await ReadEventsAsync(0)).Select(e => e.Revision));

        Assert.Equal(3, await Feed.CompactEventsAsync(future, 0, CancellationToken.None).WaitAsync(TestTimeout.Default));
        Assert.Equal(new RevisionRange(all[9].Revision, all[9].Revision), await RangeAsync());
        var next = await CreatedAsync(TestNodes.Node(10));
        var after = Assert.Single(await ReadEventsAsync(0));
        Assert.Equal(next.Id, after.NodeId);
        Assert.True(after.Revision > all[9].Revision);
    }

    [StoreFact]
    public async Task WaitForEventsAsync_WriteFromAnotherInstance_CompletesSoon()
    {
        var other = await OpenOtherWriterAsync();
        await StartListeningAsync();

        var waiting = Feed.WaitForEventsAsync(TimeSpan.FromMinutes(5), CancellationToken.None);
        Assert.Equal(WriteOutcome.Ok, (await other.CreateAsync(TestNodes.Node(1), CancellationToken.None).WaitAsync(TestTimeout.Default)).Outcome);

        await waiting.WaitAsync(TimeSpan.FromSeconds(10));
    }

    [StoreFact]
    public async Task WaitForEventsAsync_SeveralWaiters_AllWokenByOneWrite()
    {
        var other = await OpenOtherWriterAsync();
        await StartListeningAsync();

        var waiting = Enumerable.Range(0, 5).Select(_ => Feed.WaitForEventsAsync(TimeSpan.FromMinutes(5), CancellationToken.None)).ToList();
        Assert.Equal(WriteOutcome.Ok, (await other.CreateAsync(TestNodes.Node(1), CancellationToken.None).WaitAsync(TestTimeout.Default)).Outcome);

        await Task.WhenAll(waiting).WaitAsync(TimeSpan.FromSeconds(10));
    }

    [StoreFact]
    public async Task WaitForEventsAsync_NothingWritten_TimesOut()
    {
        await StartListeningAsync();

        await Feed.WaitForEventsAsync(TimeSpan.FromMilliseconds(200), CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(10));
        using var cancel = new CancellationTokenSource(TimeSpan.FromSeconds(1));
        await Assert.ThrowsAnyAsync<OperationCanceledException>(
            () => Feed.WaitForEventsAsync(TimeSpan.FromMinutes(5), cancel.Token).WaitAsync(TimeSpan.FromSeconds(10)));
    }

    [StoreFact]
    public async Task ApplyBatchAsync_HundredThousandNodesWithEvents_OneEventEach()
    {
        const int Count = 100_000;
        var nodes = Enumerable.Range(0, Count).Select(i => TestNodes.Node(i, "bulk")).ToList();

        var clock = Stopwatch.StartNew();
        Assert.Equal(WriteOutcome.Ok, (await ApplyAsync(nodes, [])).Outcome);
        var createTime = clock.Elapsed;
        var updates = nodes.Select(n => Replacing(n, "again", TestNodes.T0.AddDays(1))).ToList();
        clock.Restart();
        Assert.Equal(WriteOutcome.Ok, (await ApplyAsync([], updates)).Outcome);
        var updateTime = clock.Elapsed;

        var range = await RangeAsync();
        var last = await ReadEventsAsync(range.Head - 1, 1);
        Assert.Equal(2 * Count, (await ReadEventsAsync(0, 3 * Count)).Count);
        AssertEvent(Assert.Single(last), ChangeKind.NodeUpdated, updates[^1].Node);
        Output.WriteLine($"{GetType().Name}: ApplyBatch with events of {Count} creates took {createTime.TotalMilliseconds:F0} ms, of {Count} updates {updateTime.TotalMilliseconds:F0} ms");
    }
}
