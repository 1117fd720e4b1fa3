using System.Diagnostics;
using NodeManager.Core.Health;
using NodeManager.Core.Nodes;
using NodeManager.Core.Storage;
using NodeManager.Testing;

namespace NodeManager.Storage.Tests;

public abstract partial class NodeStoreContractTests
{
    private IHealthStore Health => (IHealthStore)Store;

    private Task<IReadOnlyList<NodeHealthState>> LoadHealthAsync() =>
        Health.LoadHealthAsync(CancellationToken.None).WaitAsync(TestTimeout.Default);

    private Task SaveHealthAsync(params NodeHealthState[] states) =>
        Health.SaveHealthAsync(states, CancellationToken.None).WaitAsync(TestTimeout.Default);

    private Task FlushAsync(params (Guid NodeId, DateTimeOffset Time)[] heartbeats) =>
        Health.FlushLastHeartbeatsAsync(heartbeats, CancellationToken.None).WaitAsync(TestTimeout.Default);

    private static NodeHealthState Unhealthy(Guid nodeId) => new(
        nodeId, HealthStatus.NotReady, "ProbeFailed", "probe timed out after 2s", DecidedBy.Probe,
        TestNodes.T0.AddSeconds(30), TestNodes.T0.AddSeconds(45),
        [
            new HealthCondition(ServerConditions.HeartbeatMissed, true, ConditionSeverity.Warning, "NoHeartbeat", "none for 15s", TestNodes.T0.AddSeconds(40), HealthCondition.ServerSource),
            new HealthCondition(ServerConditions.ProbeFailed, true, ConditionSeverity.Critical, "Timeout", "probe: \"deadline\" exceeded", TestNodes.T0.AddSeconds(45), HealthCondition.ServerSource),
            new HealthCondition("DiskPressure", false, ConditionSeverity.Info, "", "", TestNodes.T0.AddTicks(7), HealthCondition.AgentSource),
            new HealthCondition("GpuXid", true, ConditionSeverity.Unspecified, "Xid79", "fallen off the bus ✗", TestNodes.T0.AddDays(-1), HealthCondition.AgentSource),
        ],
        FlapCount: 3,
        Expected: true);

    private static void AssertSameHealth(IEnumerable<NodeHealthState> expected, IEnumerable<NodeHealthState> actual)
    {
        var want = expected.ToList();
        var got = actual.ToList();
        Assert.Equal(want.Select(s => s.NodeId), got.Select(s => s.NodeId));
        foreach (var (w, g) in want.Zip(got))
        {
            Assert.Equal(w with { Conditions = [] }, g with { Conditions = [] });
            Assert.Equal(w.Conditions, g.Conditions);
            Assert.Equal(w.LastHeartbeatTime?.UtcTicks, g.LastHeartbeatTime?.UtcTicks);
            Assert.Equal(w.LastTransitionTime.UtcTicks, g.LastTransitionTime.UtcTicks);
        }
    }

    [StoreFact]
    public async Task SaveHealthAsync_EveryField_LoadReturnsThemInIdOrder()
    {
        var nodes = new[] { await CreatedAsync(TestNodes.Node(1)), await CreatedAsync(TestNodes.Node(2)) };
        var states = new[] { Unhealthy(nodes[0].Id), NodeHealthState.Initial(nodes[1].Id, TestNodes.T0) };

        await SaveHealthAsync(states);

        AssertSameHealth(states.OrderBy(s => s.NodeId.ToString("D"), StringComparer.Ordinal), await LoadHealthAsync());
    }

    [StoreFact]
    public async Task SaveHealthAsync_ExistingHealth_Replaced()
    {
        var node = await CreatedAsync(TestNodes.Node(1));
        await SaveHealthAsync(Unhealthy(node.Id));
        var ready = new NodeHealthState(node.Id, HealthStatus.Ready, "Heartbeating", "", DecidedBy.Heartbeat, TestNodes.T0.AddMinutes(5), TestNodes.T0.AddMinutes(5), [], 4);

        await SaveHealthAsync(ready);

        AssertSameHealth([ready], await LoadHealthAsync());
    }

    [StoreFact]
    public async Task SaveHealthAsync_OlderOrNoHeartbeatTime_NewerFlushedTimeKept()
    {
        // Another instance may have flushed a newer heartbeat than the one this transition carries.
        var node = await CreatedAsync(TestNodes.Node(1));
        await SaveHealthAsync(Unhealthy(node.Id));
        await FlushAsync((node.Id, TestNodes.T0.AddMinutes(9)));

        await SaveHealthAsync(Unhealthy(node.Id) with { FlapCount = 5 });
        await SaveHealthAsync(Unhealthy(node.Id) with { FlapCount = 6, LastHeartbeatTime = null });

        AssertSameHealth([Unhealthy(node.Id) with { FlapCount = 6, LastHeartbeatTime = TestNodes.T0.AddMinutes(9) }], await LoadHealthAsync());
    }

    [StoreFact]
    public async Task ReadHeartbeatsAsync_QuietReadyOrNotReadyNodesAndListedNodes_Returned()
    {
        var nodes = new List<Node>();
        for (var i = 1; i <= 6; i++)
        {
            nodes.Add(await CreatedAsync(TestNodes.Node(i)));
        }

        NodeHealthState State(int i, HealthStatus status, int? heartbeatMinute) =>
            new(nodes[i].Id, status, "r", "", DecidedBy.Heartbeat, heartbeatMinute is { } m ? TestNodes.T0.AddMinutes(m) : null, TestNodes.T0, [], 0);
        await SaveHealthAsync(
            State(0, HealthStatus.Ready, 1),      // quiet READY
            State(1, HealthStatus.NotReady, 2),   // quiet NOT_READY
            State(2, HealthStatus.Ready, 20),     // fresh
            State(3, HealthStatus.Down, 1),       // DOWN: the sweeper is done with it
            State(4, HealthStatus.Unknown, null), // never heard from
            State(5, HealthStatus.Ready, 30));    // fresh, but asked for by id
        var quietBefore = TestNodes.T0.AddMinutes(10);

        var quiet = await Health.ReadHeartbeatsAsync(quietBefore, [nodes[5].Id, Guid.NewGuid()], CancellationToken.None).WaitAsync(TestTimeout.Default);
        var byId = await Health.ReadHeartbeatsAsync(null, [nodes[2].Id], CancellationToken.None).WaitAsync(TestTimeout.Default);

        Assert.Equal(
            new[] { (nodes[0].Id, 1), (nodes[1].Id, 2), (nodes[5].Id, 30) }.OrderBy(r => r.Item1),
            quiet.Select(r => (r.NodeId, (int)(r.Time!.Value - TestNodes.T0).TotalMinutes)).OrderBy(r => r.Item1));
        var only = Assert.Single(byId);
        Assert.Equal((nodes[2].Id, TestNodes.T0.AddMinutes(20).UtcTicks), (only.NodeId, only.Time!.Value.UtcTicks));
    }

    [StoreFact]
    public async Task SaveHealthAsync_DeletedOrUnknownNode_SkippedSilently()
    {
        var kept = await CreatedAsync(TestNodes.Node(1));
        var deleted = await CreatedAsync(TestNodes.Node(2));
        Assert.Equal(WriteOutcome.Ok, (await Store.DeleteAsync(deleted.Id, 0, CancellationToken.None).WaitAsync(TestTimeout.Default)).Outcome);

        await SaveHealthAsync(Unhealthy(deleted.Id), Unhealthy(kept.Id), Unhealthy(Guid.NewGuid()));

        AssertSameHealth([Unhealthy(kept.Id)], await LoadHealthAsync());
    }

    [StoreFact]
    public async Task DeleteAsync_NodeWithHealth_RemovesHealth()
    {
        var kept = await CreatedAsync(TestNodes.Node(1));
        var deleted = await CreatedAsync(TestNodes.Node(2));
        await SaveHealthAsync(Unhealthy(kept.Id), Unhealthy(deleted.Id));

        Assert.Equal(WriteOutcome.Ok, (await Store.DeleteAsync(deleted.Id, 0, CancellationToken.None).WaitAsync(TestTimeout.Default)).Outcome);

        AssertSameHealth([Unhealthy(kept.Id)], await LoadHealthAsync());
    }

    [StoreFact]
    public async Task DeleteAsync_NodeWithFlushedHeartbeat_RecreatedNodeStartsWithoutIt()
    {
        var node = await CreatedAsync(TestNodes.Node(1));
        await SaveHealthAsync(NodeHealthState.Initial(node.Id, TestNodes.T0));
        await FlushAsync((node.Id, TestNodes.T0.AddMinutes(5)));
        Assert.Equal(WriteOutcome.Ok, (await Store.DeleteAsync(node.Id, 0, CancellationToken.None).WaitAsync(TestTimeout.Default)).Outcome);

        var again = await CreatedAsync(node with { Version = 1 });
        var fresh = NodeHealthState.Initial(again.Id, TestNodes.T0.AddMinutes(10));
        await SaveHealthAsync(fresh);

        AssertSameHealth([fresh], await LoadHealthAsync());
        var read = Assert.Single(await Health.ReadHeartbeatsAsync(null, [again.Id], CancellationToken.None).WaitAsync(TestTimeout.Default));
        Assert.Equal((again.Id, (DateTimeOffset?)null), read);
    }

    [StoreFact]
    public async Task FlushLastHeartbeatsAsync_MixedTimes_OnlyNewerTimesWritten()
    {
        var nodes = new List<Node>();
        for (var i = 0; i < 4; i++)
        {
            nodes.Add(await CreatedAsync(TestNodes.Node(i)));
        }

        var older = Unhealthy(nodes[0].Id);
        var never = NodeHealthState.Initial(nodes[1].Id, TestNodes.T0);
        var newer = Unhealthy(nodes[2].Id) with { LastHeartbeatTime = TestNodes.T0.AddHours(1) };
        var untouched = Unhealthy(nodes[3].Id);
        await SaveHealthAsync(older, never, newer, untouched);

        await FlushAsync(
            (older.NodeId, TestNodes.T0.AddMinutes(1)),
            (never.NodeId, TestNodes.T0.AddSeconds(1)),
            (newer.NodeId, TestNodes.T0.AddMinutes(2)),
            (Guid.NewGuid(), TestNodes.T0.AddMinutes(3)));

        var expected = new[]
        {
            older with { LastHeartbeatTime = TestNodes.T0.AddMinutes(1) },
            never with { LastHeartbeatTime = TestNodes.T0.AddSeconds(1) },
            newer,
            untouched,
        };
        AssertSameHealth(expected.OrderBy(s => s.NodeId.ToString("D"), StringComparer.Ordinal), await LoadHealthAsync());
    }

    [StoreFact]
    public async Task FlushLastHeartbeatsAsync_NodeWithoutHealthOrEmpty_NothingWritten()
    {
        var node = await CreatedAsync(TestNodes.Node(1));

        await FlushAsync();
        await FlushAsync((node.Id, TestNodes.T0));

        Assert.Empty(await LoadHealthAsync());
    }

    [StoreFact]
    public async Task FlushLastHeartbeatsAsync_HundredThousandNodes_AllWritten()
    {
        const int Count = 100_000;
        var nodes = Enumerable.Range(0, Count)
            .Select(i => TestNodes.Node(i, "hb") with { Spec = new NodeSpec { Name = $"hb-{i}", Ip = $"10.{i >> 16}.{(i >> 8) & 0xff}.{i & 0xff}" } })
            .ToList();
        var clock = Stopwatch.StartNew();
        Assert.Equal(WriteOutcome.Ok, (await ApplyAsync(nodes, [])).Outcome);
        var createTime = clock.Elapsed;
        clock.Restart();
        await Health.SaveHealthAsync(nodes.Select(n => NodeHealthState.Initial(n.Id, TestNodes.T0)).ToList(), CancellationToken.None).WaitAsync(TestTimeout.Default);
        var saveTime = clock.Elapsed;
        var heartbeats = nodes.Select((n, i) => (n.Id, TestNodes.T0.AddSeconds(1 + (i % 60)))).ToList();

        clock.Restart();
        await Health.FlushLastHeartbeatsAsync(heartbeats, CancellationToken.None).WaitAsync(TestTimeout.Default);
        var flushTime = clock.Elapsed;
        var later = heartbeats.Select(h => (h.Id, h.Item2.AddSeconds(5))).ToList();
        clock.Restart();
        await Health.FlushLastHeartbeatsAsync(later, CancellationToken.None).WaitAsync(TestTimeout.Default);
        var secondFlushTime = clock.Elapsed;

        var loaded = await LoadHealthAsync();
        var expected = later.ToDictionary(h => h.Id, h => h.Item2);
        Assert.Equal(Count, loaded.Count);
        Assert.All(loaded, s => Assert.Equal(expected[s.NodeId], s.LastHeartbeatTime));
        Output.WriteLine($"{GetType().Name}: creating {Count} nodes took {createTime.TotalMilliseconds:F0} ms, SaveHealth of {Count} states " +
            $"{saveTime.TotalMilliseconds:F0} ms, FlushLastHeartbeats of {Count} {flushTime.TotalMilliseconds:F0} ms (first) and {secondFlushTime.TotalMilliseconds:F0} ms (second)");
    }

    [StoreFact]
    public async Task InitializeAsync_CalledTwiceWithHealth_KeepsHealth()
    {
        var node = await CreatedAsync(TestNodes.Node(1));
        await SaveHealthAsync(Unhealthy(node.Id));

        await Store.InitializeAsync(CancellationToken.None).WaitAsync(TestTimeout.Default);
        await Store.InitializeAsync(CancellationToken.None).WaitAsync(TestTimeout.Default);

        AssertSameHealth([Unhealthy(node.Id)], await LoadHealthAsync());
        Assert.Equal(WriteOutcome.Ok, (await Store.DeleteAsync(node.Id, 0, CancellationToken.None).WaitAsync(TestTimeout.Default)).Outcome);
        Assert.Empty(await LoadHealthAsync());
    }
}
