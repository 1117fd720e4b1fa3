using NodeManager.Core.Nodes;
using NodeManager.Core.Storage;
using NodeManager.Testing;

namespace NodeManager.Storage.Tests;

public abstract partial class NodeStoreContractTests
{
    private async Task<List<Node>> SeedAsync(int count)
    {
        var nodes = new List<Node>();
        for (var i = 0; i < count; i++)
        {
            nodes.Add(await CreatedAsync(TestNodes.Node(i, state: (LifecycleState)(1 + (i % 3)))));
        }

        return nodes;
    }

    [StoreFact]
    public async Task GetAsync_MissingId_ReturnsNull()
    {
        Assert.Null(await Store.GetAsync(Guid.NewGuid(), CancellationToken.None).WaitAsync(TestTimeout.Default));
    }

    [StoreFact]
    public async Task GetManyAsync_SomeIdsMissing_ReturnsOnlyExisting()
    {
        var nodes = await SeedAsync(5);
        var asked = new[] { nodes[3].Id, Guid.NewGuid(), nodes[0].Id, nodes[3].Id, Guid.NewGuid() };

        var found = await Store.GetManyAsync(asked, CancellationToken.None).WaitAsync(TestTimeout.Default);

        AssertSameNodes(new[] { nodes[0], nodes[3] }.InIdOrder(), found.InIdOrder());
        Assert.Empty(await Store.GetManyAsync([], CancellationToken.None).WaitAsync(TestTimeout.Default));
    }

    [StoreFact]
    public async Task ListAsync_PagedByAfter_ReturnsEveryNodeOnceInIdOrder()
    {
        var nodes = await SeedAsync(23);
        var pages = new List<IReadOnlyList<Node>>();
        Guid? after = null;
        do
        {
            pages.Add(await Store.ListAsync(new NodeQuery(after, 5), CancellationToken.None).WaitAsync(TestTimeout.Default));
            after = pages[^1].Count == 0 ? null : pages[^1][^1].Id;
        }
        while (pages[^1].Count == 5);

        Assert.Equal([5, 5, 5, 5, 3], pages.Select(p => p.Count));
        AssertSameNodes(nodes.InIdOrder(), pages.SelectMany(p => p));
    }

    [StoreFact]
    public async Task ListAsync_EachExactFilter_ReturnsOnlyMatches()
    {
        var nodes = await SeedAsync(12);
        var target = nodes[4];
        async Task<IReadOnlyList<Node>> List(NodeQuery query) =>
            await Store.ListAsync(query, CancellationToken.None).WaitAsync(TestTimeout.Default);

        AssertSameNodes([target], await List(new NodeQuery(null, 100) { Name = target.Spec.Name }));
        AssertSameNodes([target], await List(new NodeQuery(null, 100) { Ip = target.Spec.Ip }));
        AssertSameNodes([target], await List(new NodeQuery(null, 100) { Mac = target.Spec.Mac }));
        Assert.Empty(await List(new NodeQuery(null, 100) { Name = target.Spec.Name, Ip = nodes[5].Spec.Ip }));
        Assert.Empty(await List(new NodeQuery(null, 100) { Name = "absent.example" }));

        var maintenance = nodes.Where(n => n.LifecycleState == LifecycleState.Maintenance).InIdOrder().ToList();
        AssertSameNodes(maintenance, await List(new NodeQuery(null, 100) { LifecycleState = LifecycleState.Maintenance }));
        AssertSameNodes(maintenance.Skip(1).Take(2), await List(new NodeQuery(maintenance[0].Id, 2) { LifecycleState = LifecycleState.Maintenance }));
    }

    [StoreFact]
    public async Task ListAsync_Version7Ids_ReturnsCreationOrder()
    {
        var created = new List<Node>();
        for (var i = 0; i < 10; i++)
        {
            var node = TestNodes.Node(i);
            created.Add(await CreatedAsync(node with { Id = Guid.CreateVersion7(TestNodes.T0.AddSeconds(10 - i).AddDays(i)) }));
        }

        var listed = await Store.ListAsync(new NodeQuery(null, 100), CancellationToken.None).WaitAsync(TestTimeout.Default);

        AssertSameNodes(created, listed);
    }

    [StoreFact]
    public async Task LoadAllAsync_SeveralNodes_ReturnsEveryNodeInIdOrder()
    {
        var nodes = await SeedAsync(9);

        var all = await Store.LoadAllAsync(CancellationToken.None).WaitAsync(TestTimeout.Default);

        AssertSameNodes(nodes.InIdOrder(), all);
    }
}
