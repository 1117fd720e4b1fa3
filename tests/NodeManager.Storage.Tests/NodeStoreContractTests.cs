using NodeManager.Core.Nodes;
using NodeManager.Core.Storage;
using NodeManager.Testing;
using Xunit.Abstractions;

namespace NodeManager.Storage.Tests;

/// <summary>
/// The behaviour every <see cref="INodeStore"/> shares. Each test starts from an empty, initialized
/// store; subclasses say how to empty the database and how to open a store instance on it.
/// </summary>
public abstract partial class NodeStoreContractTests(ITestOutputHelper output) : IAsyncLifetime
{
    private readonly List<INodeStore> _opened = [];

    protected ITestOutputHelper Output { get; } = output;

    /// <summary>The store under test, initialized on an empty database.</summary>
    protected INodeStore Store { get; private set; } = null!;

    /// <summary>Points at an empty database (no schema) for the next test.</summary>
    protected abstract Task ResetDatabaseAsync();

    /// <summary>A new, uninitialized store instance on the current database.</summary>
    protected abstract INodeStore NewStore();

    protected async Task<INodeStore> OpenStoreAsync()
    {
        var store = NewStore();
        _opened.Add(store);
        await store.InitializeAsync(CancellationToken.None).WaitAsync(TestTimeout.Default);
        return store;
    }

    protected async Task CloseAsync(INodeStore store)
    {
        _opened.Remove(store);
        await ((IAsyncDisposable)store).DisposeAsync().AsTask().WaitAsync(TestTimeout.Default);
    }

    public async Task InitializeAsync()
    {
        await ResetDatabaseAsync().WaitAsync(TestTimeout.Default);
        Store = await OpenStoreAsync();
    }

    public async Task DisposeAsync()
    {
        foreach (var store in _opened.ToArray())
        {
            await CloseAsync(store);
        }
    }

    protected async Task<Node> CreatedAsync(Node node)
    {
        var result = await Store.CreateAsync(node, CancellationToken.None).WaitAsync(TestTimeout.Default);
        Assert.Equal(WriteOutcome.Ok, result.Outcome);
        return result.Node!;
    }

    protected static void AssertSameNode(Node expected, Node? actual)
    {
        Assert.NotNull(actual);
        Assert.Equal(expected.Id, actual.Id);
        Assert.Equal(expected.Spec, actual.Spec);
        Assert.Equal(expected.LifecycleState, actual.LifecycleState);
        Assert.Equal(expected.Version, actual.Version);
        Assert.Equal(expected.CreateTime, actual.CreateTime);
        Assert.Equal(expected.UpdateTime, actual.UpdateTime);
        Assert.Equal(expected, actual);
    }

    protected static void AssertSameNodes(IEnumerable<Node> expected, IEnumerable<Node> actual)
    {
        var want = expected.ToList();
        var got = actual.ToList();
        Assert.Equal(want.Select(n => n.Id), got.Select(n => n.Id));
        foreach (var (w, g) in want.Zip(got))
        {
            AssertSameNode(w, g);
        }
    }

    [StoreFact]
    public async Task PingAsync_Initialized_ReturnsTrue()
    {
        Assert.True(await Store.PingAsync(CancellationToken.None).WaitAsync(TestTimeout.Default));
    }

    [StoreFact]
    public async Task InitializeAsync_CalledAgain_KeepsSchemaAndData()
    {
        var node = await CreatedAsync(TestNodes.Node(1));

        await Store.InitializeAsync(CancellationToken.None).WaitAsync(TestTimeout.Default);

        AssertSameNode(node, await Store.GetAsync(node.Id, CancellationToken.None).WaitAsync(TestTimeout.Default));
        Assert.Equal(WriteOutcome.Ok, (await Store.CreateAsync(TestNodes.Node(2), CancellationToken.None).WaitAsync(TestTimeout.Default)).Outcome);
    }

    [StoreFact]
    public async Task Store_ClosedAndReopened_DataSurvives()
    {
        var node = await CreatedAsync(TestNodes.Node(1));
        var updated = (await Store.UpdateAsync(node.Id, TestNodes.Spec(1, "renamed"), 1, TestNodes.T0.AddHours(1), CancellationToken.None).WaitAsync(TestTimeout.Default)).Node!;

        await CloseAsync(Store);
        var reopened = await OpenStoreAsync();

        AssertSameNode(updated, await reopened.GetAsync(node.Id, CancellationToken.None).WaitAsync(TestTimeout.Default));
    }
}
