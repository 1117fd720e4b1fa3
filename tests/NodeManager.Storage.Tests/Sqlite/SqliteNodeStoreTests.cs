using NodeManager.Core.Storage;
using NodeManager.Storage.Sqlite;
using NodeManager.Testing;
using Xunit.Abstractions;

namespace NodeManager.Storage.Tests.Sqlite;

public sealed class SqliteNodeStoreTests(SqliteDirectoryFixture files, ITestOutputHelper output)
    : NodeStoreContractTests(output), IClassFixture<SqliteDirectoryFixture>
{
    private string _path = "";

    protected override Task ResetDatabaseAsync()
    {
        _path = files.NewPath();
        return Task.CompletedTask;
    }

    protected override INodeStore NewStore() => new SqliteNodeStore(new SqliteStoreOptions { Path = _path });

    [StoreFact]
    public async Task InitializeAsync_SecondStoreOnSameFile_FailsNamingTheFile()
    {
        await using var second = new SqliteNodeStore(new SqliteStoreOptions { Path = _path });

        var error = await Assert.ThrowsAsync<NodeManager.Core.Errors.StartupException>(
            () => second.InitializeAsync(CancellationToken.None).WaitAsync(TestTimeout.Default));

        Assert.Contains(_path, error.Message, StringComparison.Ordinal);
        Assert.Contains("Postgres", error.Message, StringComparison.Ordinal);
    }

    [StoreFact]
    public void Shared_SingleProcessFile_IsFalse() => Assert.False(((IHealthStore)Store).Shared);
}
