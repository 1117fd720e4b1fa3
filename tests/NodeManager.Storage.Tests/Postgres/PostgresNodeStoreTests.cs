using NodeManager.Core.Storage;
using NodeManager.Storage.Postgres;
using NodeManager.Testing;
using Xunit.Abstractions;

namespace NodeManager.Storage.Tests.Postgres;

[RequiresPostgres]
public sealed class PostgresNodeStoreTests(PostgresDatabaseFixture database, ITestOutputHelper output)
    : NodeStoreContractTests(output), IClassFixture<PostgresDatabaseFixture>
{
    protected override Task ResetDatabaseAsync() => database.ResetAsync();

    protected override INodeStore NewStore() => new PostgresNodeStore(new PostgresStoreOptions { ConnectionString = database.ConnectionString });

    [StoreFact]
    public async Task InitializeAsync_SeveralInstancesAtOnce_MigrateOnce()
    {
        await database.ResetAsync().WaitAsync(TestTimeout.Default);

        var stores = await Task.WhenAll(Enumerable.Range(0, 6).Select(_ => OpenStoreAsync())).WaitAsync(TestTimeout.Default);

        Assert.All(await Task.WhenAll(stores.Select(s => s.PingAsync(CancellationToken.None))).WaitAsync(TestTimeout.Default), Assert.True);
    }

    [StoreFact]
    public async Task InitializeAsync_ServerUnreachable_ThrowsStoreUnavailable()
    {
        await using var store = new PostgresNodeStore(new PostgresStoreOptions { ConnectionString = "Host=127.0.0.1;Port=1;Username=postgres;Timeout=5" });

        await Assert.ThrowsAsync<StoreUnavailableException>(() => store.InitializeAsync(CancellationToken.None).WaitAsync(TestTimeout.Default));
        Assert.False(await store.PingAsync(CancellationToken.None).WaitAsync(TestTimeout.Default));
    }

    [StoreFact]
    public void Constructor_EmptyConnectionString_ThrowsNamingTheSetting()
    {
        var error = Assert.Throws<InvalidOperationException>(() => new PostgresNodeStore(new PostgresStoreOptions()));

        Assert.Contains("ConnectionStrings:NodeManager", error.Message, StringComparison.Ordinal);
    }
}
