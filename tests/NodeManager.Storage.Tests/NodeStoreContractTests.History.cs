using NodeManager.Core.Changes;
using NodeManager.Core.Health;
using NodeManager.Core.History;
using NodeManager.Core.Lifecycle;
using NodeManager.Core.Nodes;
using NodeManager.Core.Reservations;
using NodeManager.Core.Storage;
using NodeManager.Testing;

namespace NodeManager.Storage.Tests;

public abstract partial class NodeStoreContractTests
{
    private INodeHistory History => (INodeHistory)Store;

    private Task<IReadOnlyList<HistoryEntry>> HistoryOfAsync(Guid id, Func<HistoryQuery, HistoryQuery>? refine = null, int limit = 1000) =>
        History.ReadHistoryAsync((refine ?? (q => q))(new HistoryQuery(id, limit)), CancellationToken.None).WaitAsync(TestTimeout.Default);

    private static NodeHealthState HealthOf(Guid id, HealthStatus status, string reason) =>
        new(id, status, reason, $"{reason} message", DecidedBy.Probe, TestNodes.T0, TestNodes.T0,
            [new HealthCondition("ProbeFailed", status != HealthStatus.Ready, ConditionSeverity.Critical, reason, "", TestNodes.T0, HealthCondition.ServerSource)], 0);

    [StoreFact]
    public async Task History_EveryKindOfChange_RecordedWithItsEventRevisionActorAndDetail()
    {
        var start = (await RangeAsync()).Head;
        var node = TestNodes.Node(1);
        Assert.Equal(WriteOutcome.Ok, (await Store.CreateAsync(node, "user:alice", CancellationToken.None)).Outcome);
        var respec = TestNodes.Spec(1) with { Ip = "10.9.9.9", Labels = new SortedDictionary<string, string>(StringComparer.Ordinal) { ["pool"] = "new" } };
        Assert.Equal(WriteOutcome.Ok, (await Store.UpdateAsync(node.Id, respec, 1, TestNodes.T0.AddHours(1), "user:bob", CancellationToken.None)).Outcome);
        var moved = await ((ILifecycleStore)Store).TransitionAsync(
            new LifecycleChange(node.Id, LifecycleState.Commissioned, "racked", "user:carol", 0, TestNodes.T0.AddHours(2)), CancellationToken.None);
        Assert.Equal(TransitionOutcome.Ok, moved.Outcome);
        var reservation = new Reservation(node.Id, ReservationKind.Compute, "vm-1", new ResourceAmounts(1000, 1 << 30, 0), new ResourceAmounts(1000, 1 << 30, 0), TestNodes.T0);
        Assert.Equal(ReservationOutcome.Ok, (await ((IReservationStore)Store).ReserveAsync(reservation, false, "service:scheduler", CancellationToken.None)).Outcome);
        await ((IHealthStore)Store).SaveHealthAsync([HealthOf(node.Id, HealthStatus.Ready, "HeartbeatReceived")], CancellationToken.None);
        await ((IHealthStore)Store).SaveHealthAsync([HealthOf(node.Id, HealthStatus.NotReady, "ProbeFailed")], CancellationToken.None);
        Assert.Equal(ReservationOutcome.Ok, (await ((IReservationStore)Store).ReleaseAsync(node.Id, ReservationKind.Compute, "vm-1", "service:scheduler", CancellationToken.None)).Outcome);
        Assert.Equal(WriteOutcome.Ok, (await Store.DeleteAsync(node.Id, 0, "user:dave", CancellationToken.None)).Outcome);

        var events = await ReadEventsAsync(start);
        var newestFirst = await HistoryOfAsync(node.Id);
        var oldestFirst = await HistoryOfAsync(node.Id, q => q with { Ascending = true });

        Assert.Equal(events.Select(e => e.Revision), oldestFirst.Select(e => e.Revision));
        Assert.Equal(oldestFirst.Select(e => e.Revision).Reverse(), newestFirst.Select(e => e.Revision));
        Assert.Equal(
            [ChangeKind.NodeCreated, ChangeKind.NodeUpdated, ChangeKind.LifecycleChanged, ChangeKind.ReservationCreated,
             ChangeKind.HealthChanged, ChangeKind.HealthChanged, ChangeKind.ReservationReleased, ChangeKind.NodeDeleted],
            oldestFirst.Select(e => e.Kind));
        Assert.Equal(["user:alice", "user:bob", "user:carol", "service:scheduler", "system", "system", "service:scheduler", "user:dave"],
            oldestFirst.Select(e => e.Actor));
        Assert.All(oldestFirst, e => Assert.Equal(node.Id, e.NodeId));
        Assert.Equal(events.Select(e => e.Time), oldestFirst.Select(e => e.Time));

        Assert.Equal(node.Spec.Name, oldestFirst[0].Detail.Name);
        Assert.Equal(["ip", "labels"], oldestFirst[1].Detail.ChangedFields);
        Assert.Equal((LifecycleState.Registered, LifecycleState.Commissioned, "racked"),
            (oldestFirst[2].Detail.LifecycleFrom!.Value, oldestFirst[2].Detail.LifecycleTo!.Value, oldestFirst[2].Detail.Reason));
        Assert.Equal((ReservationKind.Compute, "vm-1"), (oldestFirst[3].Detail.ReservationKind!.Value, oldestFirst[3].Detail.ReservationName));
        Assert.Null(oldestFirst[4].Detail.HealthFrom);
        Assert.Equal(HealthStatus.Ready, oldestFirst[4].Detail.HealthTo);
        Assert.Equal((HealthStatus.Ready, HealthStatus.NotReady, DecidedBy.Probe, "ProbeFailed"),
            (oldestFirst[5].Detail.HealthFrom!.Value, oldestFirst[5].Detail.HealthTo!.Value, oldestFirst[5].Detail.DecidedBy!.Value, oldestFirst[5].Detail.Reason));
        Assert.Equal([new HistoryCondition("ProbeFailed", true, "ProbeFailed")], oldestFirst[5].Detail.Conditions);
        Assert.Equal(node.Spec.Name, oldestFirst[7].Detail.Name);
        Assert.True(await History.HasHistoryAsync(node.Id, CancellationToken.None));
        Assert.False(await History.HasHistoryAsync(Guid.NewGuid(), CancellationToken.None));
    }

    [StoreFact]
    public async Task SaveHealth_ActorsGiven_EachTransitionRecordedWithItsActorElseSystem()
    {
        var first = await CreatedAsync(TestNodes.Node(1));
        var second = await CreatedAsync(TestNodes.Node(2));
        var third = await CreatedAsync(TestNodes.Node(3));

        await ((IHealthStore)Store).SaveHealthAsync(
            [HealthOf(first.Id, HealthStatus.Ready, "HeartbeatReceived"), HealthOf(second.Id, HealthStatus.Ready, "HeartbeatReceived"), HealthOf(third.Id, HealthStatus.Ready, "HeartbeatReceived")],
            [$"agent:{first.Id:D}", ""], CancellationToken.None);

        string ActorOf(IReadOnlyList<HistoryEntry> entries) => entries.Single(e => e.Kind == ChangeKind.HealthChanged).Actor;
        Assert.Equal($"agent:{first.Id:D}", ActorOf(await HistoryOfAsync(first.Id)));
        Assert.Equal("system", ActorOf(await HistoryOfAsync(second.Id)));
        Assert.Equal("system", ActorOf(await HistoryOfAsync(third.Id)));
    }

    [StoreFact]
    public async Task History_KindsTimeRangeAndCursor_SelectThePage()
    {
        var node = await CreatedAsync(TestNodes.Node(1));
        for (var i = 0; i < 4; i++)
        {
            Assert.Equal(WriteOutcome.Ok, (await Store.UpdateAsync(node.Id, TestNodes.Spec(1, $"v{i}"), 0, TestNodes.T0, "user:a", CancellationToken.None)).Outcome);
        }

        var all = await HistoryOfAsync(node.Id, q => q with { Ascending = true });
        Assert.Equal(5, all.Count);

        var updates = await HistoryOfAsync(node.Id, q => q with { Kinds = [ChangeKind.NodeUpdated] });
        Assert.Equal(all.Skip(1).Reverse().Select(e => e.Revision), updates.Select(e => e.Revision));

        var firstPage = await HistoryOfAsync(node.Id, limit: 2);
        var secondPage = await HistoryOfAsync(node.Id, q => q with { AfterRevision = firstPage[^1].Revision }, limit: 2);
        var lastPage = await HistoryOfAsync(node.Id, q => q with { AfterRevision = secondPage[^1].Revision }, limit: 2);
        Assert.Equal(all.Reverse().Select(e => e.Revision), firstPage.Concat(secondPage).Concat(lastPage).Select(e => e.Revision));

        var ascendingAfter = await HistoryOfAsync(node.Id, q => q with { Ascending = true, AfterRevision = all[2].Revision });
        Assert.Equal(all.Skip(3).Select(e => e.Revision), ascendingAfter.Select(e => e.Revision));

        var inRange = await HistoryOfAsync(node.Id, q => q with { Since = all[0].Time, Until = all[0].Time.AddTicks(10) });
        Assert.Contains(all[0].Revision, inRange.Select(e => e.Revision));
        Assert.Empty(await HistoryOfAsync(node.Id, q => q with { Since = all[^1].Time.AddSeconds(1) }));
        Assert.Empty(await HistoryOfAsync(node.Id, q => q with { Until = all[0].Time }));
    }

    [StoreFact]
    public async Task PruneHistory_OlderThanCutoff_RemovesOnlyOldEntriesAndLeavesTheFeed()
    {
        var old = await CreatedAsync(TestNodes.Node(1));
        var cutoff = DateTimeOffset.UtcNow.AddMilliseconds(2);
        var deadline = DateTimeOffset.UtcNow + TestTimeout.Default;
        while (DateTimeOffset.UtcNow <= cutoff.AddMilliseconds(1) && DateTimeOffset.UtcNow < deadline)
        {
            await Task.Delay(1);
        }

        var fresh = await CreatedAsync(TestNodes.Node(2));
        var feedBefore = await ReadEventsAsync(0);

        var pruned = 0;
        for (var round = 0; round < 10; round++)
        {
            var deleted = await History.PruneHistoryAsync(cutoff, 1, CancellationToken.None);
            pruned += deleted;
            if (deleted == 0)
            {
                break;
            }
        }

        Assert.Equal(1, pruned);
        Assert.Empty(await HistoryOfAsync(old.Id));
        Assert.Single(await HistoryOfAsync(fresh.Id));
        Assert.Equal(feedBefore.Select(e => e.Revision), (await ReadEventsAsync(0)).Select(e => e.Revision));

        // and the other way round: compacting the feed keeps the history
        Assert.Equal(2, await Feed.CompactEventsAsync(DateTimeOffset.UtcNow.AddHours(1), 0, CancellationToken.None));
        Assert.Single(await HistoryOfAsync(fresh.Id));
    }

    [StoreFact]
    public async Task ApplyBatch_ImportOfManyNodes_RecordsOneHistoryEntryPerNodeWithChangedFields()
    {
        // 1,200 rows: past the PostgreSQL store's COPY threshold for events and history.
        var creates = Enumerable.Range(1, 1200).Select(i => TestNodes.Node(i)).ToList();
        Assert.Equal(WriteOutcome.Ok, (await Store.ApplyBatchAsync(creates, [], "user:importer", CancellationToken.None).WaitAsync(TestTimeout.Default)).Outcome);
        var target = creates[7];
        var update = new NodeUpdate(target with { Spec = target.Spec with { SerialNumber = "SN-NEW" }, Version = 2 }, 1, target.Spec);
        Assert.Equal(WriteOutcome.Ok, (await Store.ApplyBatchAsync([], [update], "user:importer", CancellationToken.None).WaitAsync(TestTimeout.Default)).Outcome);

        var events = await ReadEventsAsync(0, 5000);
        var history = await HistoryOfAsync(target.Id, q => q with { Ascending = true });

        Assert.Equal(events.Where(e => e.NodeId == target.Id).Select(e => e.Revision), history.Select(e => e.Revision));
        Assert.Equal([ChangeKind.NodeCreated, ChangeKind.NodeUpdated], history.Select(e => e.Kind));
        Assert.All(history, e => Assert.Equal("user:importer", e.Actor));
        Assert.Equal(["serial_number"], history[1].Detail.ChangedFields);
        var last = creates[^1];
        Assert.Equal(events.Single(e => e.NodeId == last.Id).Revision, Assert.Single(await HistoryOfAsync(last.Id)).Revision);
    }
}
