using NodeManager.Core.Nodes;
using NodeManager.Core.Storage;
using NodeManager.Testing;

namespace NodeManager.Storage.Tests;

public abstract partial class NodeStoreContractTests
{
    [StoreFact]
    public async Task CreateAsync_NewNode_GetReturnsEveryField()
    {
        var node = TestNodes.Node(7, state: LifecycleState.Maintenance) with
        {
            Version = 3,
            CreateTime = TestNodes.T0,
            UpdateTime = TestNodes.T0.AddSeconds(90),
        };

        var created = await CreatedAsync(node);
        var read = await Store.GetAsync(node.Id, CancellationToken.None).WaitAsync(TestTimeout.Default);

        AssertSameNode(node, created);
        AssertSameNode(node, read);
        Assert.Equal(TimeSpan.Zero, read!.CreateTime.Offset);
    }

    [StoreFact]
    public async Task CreateAsync_SubMicrosecondLocalTimes_GetReturnsWhatCreateReturned()
    {
        var odd = new DateTimeOffset(2025, 6, 7, 8, 9, 10, TimeSpan.FromHours(2)).AddTicks(1_234_567);
        var created = await CreatedAsync(TestNodes.Node(1) with { CreateTime = odd, UpdateTime = odd });

        var read = await Store.GetAsync(created.Id, CancellationToken.None).WaitAsync(TestTimeout.Default);

        AssertSameNode(created, read);
        Assert.True((odd - read!.CreateTime).Ticks is >= 0 and < 10, "stored time may only lose sub-microsecond ticks");
    }

    [StoreFact]
    public async Task CreateAsync_TakenUniqueField_ConflictNamesFieldAndHolder()
    {
        var holder = await CreatedAsync(TestNodes.Node(1));
        var fresh = TestNodes.Node(2);
        var cases = new (string Field, string Value, Node Candidate)[]
        {
            ("id", holder.IdText, fresh with { Id = holder.Id }),
            ("name", holder.Spec.Name, fresh with { Spec = fresh.Spec with { Name = holder.Spec.Name } }),
            ("ip", holder.Spec.Ip, fresh with { Spec = fresh.Spec with { Ip = holder.Spec.Ip } }),
            ("mac", holder.Spec.Mac, fresh with { Spec = fresh.Spec with { Mac = holder.Spec.Mac } }),
            ("name", holder.Spec.Name, fresh with { Spec = holder.Spec }),
        };

        foreach (var (field, value, candidate) in cases)
        {
            var result = await Store.CreateAsync(candidate, CancellationToken.None).WaitAsync(TestTimeout.Default);

            Assert.Equal(WriteOutcome.Conflict, result.Outcome);
            Assert.Equal(new NodeConflict(field, value, holder.Id), result.Conflict);
        }

        Assert.Single(await Store.LoadAllAsync(CancellationToken.None).WaitAsync(TestTimeout.Default));
    }

    [StoreFact]
    public async Task CreateAsync_ClashesWithTwoNodes_ReportsFieldsInOrderIdNameIpMac()
    {
        var byIp = await CreatedAsync(TestNodes.Node(1));
        var byMac = await CreatedAsync(TestNodes.Node(2));
        var candidate = TestNodes.Node(3);
        candidate = candidate with { Spec = candidate.Spec with { Ip = byIp.Spec.Ip, Mac = byMac.Spec.Mac } };

        var result = await Store.CreateAsync(candidate, CancellationToken.None).WaitAsync(TestTimeout.Default);

        Assert.Equal(new NodeConflict("ip", byIp.Spec.Ip, byIp.Id), result.Conflict);
    }

    [StoreFact]
    public async Task CreateAsync_TwoNodesWithoutMac_BothCreated()
    {
        var first = TestNodes.Node(1);
        var second = TestNodes.Node(2);

        await CreatedAsync(first with { Spec = first.Spec with { Mac = "" } });
        await CreatedAsync(second with { Spec = second.Spec with { Mac = "" } });

        var all = await Store.LoadAllAsync(CancellationToken.None).WaitAsync(TestTimeout.Default);
        Assert.Equal(2, all.Count);
        Assert.All(all, n => Assert.Equal("", n.Spec.Mac));
    }

    [StoreFact]
    public async Task CreateAsync_SameNameFromTwentyTasks_ExactlyOneWins()
    {
        var candidates = Enumerable.Range(1, 20)
            .Select(i => TestNodes.Node(i) with { Spec = TestNodes.Spec(i) with { Name = "contested.dc1.example" } })
            .ToList();
        using var start = new SemaphoreSlim(0);
        var tasks = candidates.Select(async node =>
        {
            await start.WaitAsync();
            return await Store.CreateAsync(node, CancellationToken.None);
        }).ToList();

        start.Release(candidates.Count);
        var results = await Task.WhenAll(tasks).WaitAsync(TestTimeout.Default);

        var winner = Assert.Single(results, r => r.Outcome == WriteOutcome.Ok).Node!;
        Assert.All(results.Where(r => r.Outcome != WriteOutcome.Ok), r =>
            Assert.Equal(new NodeConflict("name", "contested.dc1.example", winner.Id), r.Conflict));
        AssertSameNode(winner, Assert.Single(await Store.LoadAllAsync(CancellationToken.None).WaitAsync(TestTimeout.Default)));
    }
}
