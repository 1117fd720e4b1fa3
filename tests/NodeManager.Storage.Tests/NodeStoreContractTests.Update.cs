using NodeManager.Core.Storage;
using NodeManager.Testing;

namespace NodeManager.Storage.Tests;

public abstract partial class NodeStoreContractTests
{
    [StoreFact]
    public async Task UpdateAsync_RightVersion_ReplacesSpecAndBumpsVersion()
    {
        var node = await CreatedAsync(TestNodes.Node(1));
        var spec = TestNodes.Spec(1, "renamed") with { Labels = new Dictionary<string, string> { ["only"] = "this" }, Devices = [] };
        var now = TestNodes.T0.AddDays(1);

        var result = await Store.UpdateAsync(node.Id, spec, 1, now, CancellationToken.None).WaitAsync(TestTimeout.Default);

        Assert.Equal(WriteOutcome.Ok, result.Outcome);
        var expected = node with { Spec = spec, Version = 2, UpdateTime = now };
        AssertSameNode(expected, result.Node);
        AssertSameNode(expected, await Store.GetAsync(node.Id, CancellationToken.None).WaitAsync(TestTimeout.Default));
    }

    [StoreFact]
    public async Task GetAsync_ReadBeforeEachChange_SeesUpdateDeleteAndRecreate()
    {
        // A store may cache what it parsed; every read must still show the latest acknowledged write.
        var node = await CreatedAsync(TestNodes.Node(1));
        AssertSameNode(node, await Store.GetAsync(node.Id, CancellationToken.None).WaitAsync(TestTimeout.Default));

        var renamed = TestNodes.Spec(1, "renamed");
        await Store.UpdateAsync(node.Id, renamed, 1, TestNodes.T0, CancellationToken.None).WaitAsync(TestTimeout.Default);
        Assert.Equal(renamed, (await Store.GetAsync(node.Id, CancellationToken.None).WaitAsync(TestTimeout.Default))!.Spec);

        await Store.DeleteAsync(node.Id, 2, CancellationToken.None).WaitAsync(TestTimeout.Default);
        Assert.Null(await Store.GetAsync(node.Id, CancellationToken.None).WaitAsync(TestTimeout.Default));

        var recreated = await CreatedAsync(TestNodes.Node(2) with { Id = node.Id });
        AssertSameNode(recreated, await Store.GetAsync(node.Id, CancellationToken.None).WaitAsync(TestTimeout.Default));
    }

    [StoreFact]
    public async Task UpdateAsync_StaleVersion_MismatchAndNothingWritten()
    {
        var node = await CreatedAsync(TestNodes.Node(1));
        await Store.UpdateAsync(node.Id, TestNodes.Spec(1, "second"), 1, TestNodes.T0, CancellationToken.None).WaitAsync(TestTimeout.Default);

        var result = await Store.UpdateAsync(node.Id, TestNodes.Spec(1, "third"), 1, TestNodes.T0, CancellationToken.None).WaitAsync(TestTimeout.Default);

        Assert.Equal(WriteOutcome.VersionMismatch, result.Outcome);
        Assert.Equal(2, result.CurrentVersion);
        var stored = await Store.GetAsync(node.Id, CancellationToken.None).WaitAsync(TestTimeout.Default);
        Assert.Equal(TestNodes.Spec(1, "second"), stored!.Spec);
        Assert.Equal(2, stored.Version);
    }

    [StoreFact]
    public async Task UpdateAsync_ZeroVersion_UpdatesWhateverTheVersion()
    {
        var node = await CreatedAsync(TestNodes.Node(1) with { Version = 41 });

        var result = await Store.UpdateAsync(node.Id, TestNodes.Spec(1, "any"), 0, TestNodes.T0, CancellationToken.None).WaitAsync(TestTimeout.Default);

        Assert.Equal(WriteOutcome.Ok, result.Outcome);
        Assert.Equal(42, result.Node!.Version);
    }

    [StoreFact]
    public async Task UpdateAsync_TakenName_ConflictNamesHolderAndNothingWritten()
    {
        var holder = await CreatedAsync(TestNodes.Node(1));
        var node = await CreatedAsync(TestNodes.Node(2));

        var result = await Store.UpdateAsync(node.Id, node.Spec with { Name = holder.Spec.Name }, 1, TestNodes.T0, CancellationToken.None).WaitAsync(TestTimeout.Default);

        Assert.Equal(WriteOutcome.Conflict, result.Outcome);
        Assert.Equal(new NodeConflict("name", holder.Spec.Name, holder.Id), result.Conflict);
        AssertSameNode(node, await Store.GetAsync(node.Id, CancellationToken.None).WaitAsync(TestTimeout.Default));
    }

    [StoreFact]
    public async Task UpdateAsync_KeepsOwnUniqueValues_Succeeds()
    {
        var node = await CreatedAsync(TestNodes.Node(1));

        var result = await Store.UpdateAsync(node.Id, node.Spec with { SerialNumber = "changed" }, 1, TestNodes.T0, CancellationToken.None).WaitAsync(TestTimeout.Default);

        Assert.Equal(WriteOutcome.Ok, result.Outcome);
    }

    [StoreFact]
    public async Task UpdateAsync_MissingNode_NotFound()
    {
        var result = await Store.UpdateAsync(Guid.NewGuid(), TestNodes.Spec(1), 0, TestNodes.T0, CancellationToken.None).WaitAsync(TestTimeout.Default);

        Assert.Equal(WriteOutcome.NotFound, result.Outcome);
    }

    [StoreFact]
    public async Task DeleteAsync_RightOrZeroVersion_RemovesNode()
    {
        var first = await CreatedAsync(TestNodes.Node(1));
        var second = await CreatedAsync(TestNodes.Node(2) with { Version = 5 });

        var byVersion = await Store.DeleteAsync(first.Id, 1, CancellationToken.None).WaitAsync(TestTimeout.Default);
        var unconditional = await Store.DeleteAsync(second.Id, 0, CancellationToken.None).WaitAsync(TestTimeout.Default);

        Assert.Equal(WriteOutcome.Ok, byVersion.Outcome);
        Assert.Equal(WriteOutcome.Ok, unconditional.Outcome);
        Assert.Empty(await Store.LoadAllAsync(CancellationToken.None).WaitAsync(TestTimeout.Default));
    }

    [StoreFact]
    public async Task DeleteAsync_StaleVersion_MismatchAndNodeKept()
    {
        var node = await CreatedAsync(TestNodes.Node(1) with { Version = 3 });

        var result = await Store.DeleteAsync(node.Id, 2, CancellationToken.None).WaitAsync(TestTimeout.Default);

        Assert.Equal(WriteOutcome.VersionMismatch, result.Outcome);
        Assert.Equal(3, result.CurrentVersion);
        Assert.NotNull(await Store.GetAsync(node.Id, CancellationToken.None).WaitAsync(TestTimeout.Default));
    }

    [StoreFact]
    public async Task DeleteAsync_MissingNode_NotFound()
    {
        var result = await Store.DeleteAsync(Guid.NewGuid(), 0, CancellationToken.None).WaitAsync(TestTimeout.Default);

        Assert.Equal(WriteOutcome.NotFound, result.Outcome);
    }

    [StoreFact]
    public async Task DeleteAsync_ThenCreateSameValues_Succeeds()
    {
        var node = await CreatedAsync(TestNodes.Node(1));
        await Store.DeleteAsync(node.Id, 0, CancellationToken.None).WaitAsync(TestTimeout.Default);

        await CreatedAsync(node);
    }
}
