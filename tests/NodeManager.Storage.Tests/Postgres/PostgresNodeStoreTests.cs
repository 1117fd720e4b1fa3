using Npgsql;
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

    /// <summary>A bounded pool, so several instances in one test stay under the server's max_connections (100 by default).</summary>
    protected override INodeStore NewStore() => new PostgresNodeStore(new PostgresStoreOptions
    {
        ConnectionString = new NpgsqlConnectionStringBuilder(database.ConnectionString) { MaxPoolSize = 30 }.ToString(),
    });

    protected override Task<INodeStore> OpenOtherWriterAsync() => OpenStoreAsync();

    /// <summary>The first wait opens the listener, which wakes its waiters once it listens.</summary>
    protected override Task StartListeningAsync() =>
        ((IChangeFeed)Store).WaitForEventsAsync(TimeSpan.FromSeconds(30), CancellationToken.None).WaitAsync(TestTimeout.Default);

    [StoreFact]
    public async Task InitializeAsync_SeveralInstancesAtOnce_MigrateOnce()
    {
        await database.ResetAsync().WaitAsync(TestTimeout.Default);

        var stores = await Task.WhenAll(Enumerable.Range(0, 6).Select(_ => OpenStoreAsync())).WaitAsync(TestTimeout.Default);

        Assert.All(await Task.WhenAll(stores.Select(s => s.PingAsync(CancellationToken.None))).WaitAsync(TestTimeout.Default), Assert.True);
    }

    [StoreFact]
    public async Task WaitForEventsAsync_ConcurrentWaiters_ShareOneListeningConnection()
    {
        var feed = (IChangeFeed)Store;

        // The first waiters open the listener, which wakes them once it listens; a waiter that joins
        // after that wake-up (a loaded machine) ends by its own short timeout instead.
        await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => Task.Run(() => feed.WaitForEventsAsync(TimeSpan.FromSeconds(2), CancellationToken.None))))
            .WaitAsync(TimeSpan.FromSeconds(60));

        Assert.Single(await ListenerPidsAsync());
    }

    [StoreFact]
    public async Task WaitForEventsAsync_ListenerConnectionKilled_ReopensAndWakesAgain()
    {
        var other = await OpenOtherWriterAsync();
        await StartListeningAsync();
        var killed = Assert.Single(await ListenerPidsAsync());

        await ExecuteAsync($"SELECT pg_terminate_backend({killed})");
        var reopened = 0;
        while (reopened == 0 || reopened == killed)
        {
            await ((IChangeFeed)Store).WaitForEventsAsync(TimeSpan.FromMilliseconds(200), CancellationToken.None).WaitAsync(TestTimeout.Default);
            reopened = (await ListenerPidsAsync()).SingleOrDefault();
        }

        var waiting = ((IChangeFeed)Store).WaitForEventsAsync(TimeSpan.FromMinutes(5), CancellationToken.None);
        Assert.Equal(WriteOutcome.Ok, (await other.CreateAsync(TestNodes.Node(1), CancellationToken.None).WaitAsync(TestTimeout.Default)).Outcome);
        await waiting.WaitAsync(TimeSpan.FromSeconds(10));
    }

    private async Task<List<int>> ListenerPidsAsync()
    {
        await using var connection = new NpgsqlConnection(database.ConnectionString);
        await connection.OpenAsync().WaitAsync(TestTimeout.Default);
        await using var command = new NpgsqlCommand(
            "SELECT pid FROM pg_stat_activity WHERE datname = current_database() AND query LIKE 'LISTEN %'", connection);
        await using var reader = await command.ExecuteReaderAsync().WaitAsync(TestTimeout.Default);
        var pids = new List<int>();
        while (await reader.ReadAsync())
        {
            pids.Add(reader.GetInt32(0));
        }

        return pids;
    }

    private async Task ExecuteAsync(string sql)
    {
        await using var connection = new NpgsqlConnection(database.ConnectionString);
        await connection.OpenAsync().WaitAsync(TestTimeout.Default);
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync().WaitAsync(TestTimeout.Default);
    }

    [StoreFact]
    public async Task ApplyBatchAsync_Conflicts_NameTheHolder()
    {
        var holder = await CreatedAsync(TestNodes.Node(1));
        var first = TestNodes.Node(2);
        var inBatch = TestNodes.Node(3) with { Spec = TestNodes.Spec(3) with { Ip = first.Spec.Ip } };
        var inTable = TestNodes.Node(4) with { Spec = TestNodes.Spec(4) with { Name = holder.Spec.Name } };

        var withinBatch = await Store.ApplyBatchAsync([first, inBatch], [], CancellationToken.None).WaitAsync(TestTimeout.Default);
        var withTable = await Store.ApplyBatchAsync([first, inTable], [], CancellationToken.None).WaitAsync(TestTimeout.Default);

        Assert.Equal(new NodeConflict("ip", first.Spec.Ip, first.Id), withinBatch.Conflict);
        Assert.Equal(new NodeConflict("name", holder.Spec.Name, holder.Id), withTable.Conflict);
    }

    [StoreFact]
    public async Task ApplyBatchAsync_StaleExpectedVersion_ReportsCurrentVersion()
    {
        var node = await CreatedAsync(TestNodes.Node(1) with { Version = 7 });

        var result = await Store.ApplyBatchAsync([], [new NodeUpdate(node with { Version = 6 }, 5)], CancellationToken.None).WaitAsync(TestTimeout.Default);

        Assert.Equal(WriteOutcome.VersionMismatch, result.Outcome);
        Assert.Equal(7, result.CurrentVersion);
    }

    [StoreFact]
    public async Task TryHoldSiloLockAsync_StandaloneExcludesEveryOther_UntilItCloses()
    {
        var standalone = (PostgresNodeStore)Store;
        var other = (PostgresNodeStore)await OpenStoreAsync();

        Assert.True(await standalone.TryHoldSiloLockAsync(standalone: true, CancellationToken.None).WaitAsync(TestTimeout.Default));
        Assert.True(await standalone.TryHoldSiloLockAsync(standalone: true, CancellationToken.None).WaitAsync(TestTimeout.Default)); // held already
        Assert.False(await other.TryHoldSiloLockAsync(standalone: true, CancellationToken.None).WaitAsync(TestTimeout.Default));
        Assert.False(await other.TryHoldSiloLockAsync(standalone: false, CancellationToken.None).WaitAsync(TestTimeout.Default));
        Assert.Single(await LeaseHoldersAsync());

        await CloseAsync(Store);

        Assert.True(await other.TryHoldSiloLockAsync(standalone: true, CancellationToken.None).WaitAsync(TestTimeout.Default));
    }

    [StoreFact]
    public async Task TryHoldSiloLockAsync_SilosOfACluster_ShareItAndKeepAStandaloneOut()
    {
        var silos = new[] { (PostgresNodeStore)Store, (PostgresNodeStore)await OpenStoreAsync(), (PostgresNodeStore)await OpenStoreAsync() };
        var standalone = (PostgresNodeStore)await OpenStoreAsync();

        foreach (var silo in silos)
        {
            Assert.True(await silo.TryHoldSiloLockAsync(standalone: false, CancellationToken.None).WaitAsync(TestTimeout.Default));
        }

        Assert.Equal(3, (await LeaseHoldersAsync()).Count);
        Assert.False(await standalone.TryHoldSiloLockAsync(standalone: true, CancellationToken.None).WaitAsync(TestTimeout.Default));

        // A holder whose session ends (killed, or vanished past idle_session_timeout) lets go of its share.
        foreach (var pid in await LeaseHoldersAsync())
        {
            await ExecuteAsync($"SELECT pg_terminate_backend({pid})");
        }

        // A terminated backend lets go of its locks as it exits, a moment after the call returns.
        var deadline = DateTime.UtcNow + TestTimeout.Default;
        while ((await LeaseHoldersAsync()).Count > 0 && DateTime.UtcNow < deadline)
        {
            await Task.Delay(20);
        }

        Assert.True(await standalone.TryHoldSiloLockAsync(standalone: true, CancellationToken.None).WaitAsync(TestTimeout.Default));
    }

    /// <summary>Backends holding an advisory lock in this database (the silo lock is the only session-level one).</summary>
    private async Task<List<int>> LeaseHoldersAsync()
    {
        await using var connection = new NpgsqlConnection(database.ConnectionString);
        await connection.OpenAsync().WaitAsync(TestTimeout.Default);
        await using var command = new NpgsqlCommand(
            "SELECT pid FROM pg_locks WHERE locktype = 'advisory' AND granted AND database = (SELECT oid FROM pg_database WHERE datname = current_database())", connection);
        await using var reader = await command.ExecuteReaderAsync().WaitAsync(TestTimeout.Default);
        var pids = new List<int>();
        while (await reader.ReadAsync())
        {
            pids.Add(reader.GetInt32(0));
        }

        return pids;
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
