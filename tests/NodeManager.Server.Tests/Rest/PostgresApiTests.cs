using NodeManager.Testing;

namespace NodeManager.Server.Tests.Rest;

[RequiresPostgres]
public sealed class PostgresNodesApiTests : NodesApiTestsBase
{
    private PostgresTestDatabase? _database;

    protected override async Task<IEnumerable<string>> StoreArgsAsync()
    {
        _database = await PostgresTestDatabase.CreateAsync();
        return ["--NodeManager:Storage:Provider=Postgres", $"--ConnectionStrings:NodeManager={_database.ConnectionString}"];
    }

    public override async Task DisposeAsync()
    {
        await base.DisposeAsync();
        if (_database is not null)
        {
            await _database.DisposeAsync();
        }
    }
}

[RequiresPostgres]
public sealed class PostgresImportApiTests : ImportApiTestsBase
{
    private PostgresTestDatabase? _database;

    protected override async Task<IEnumerable<string>> StoreArgsAsync()
    {
        _database = await PostgresTestDatabase.CreateAsync();
        return ["--NodeManager:Storage:Provider=Postgres", $"--ConnectionStrings:NodeManager={_database.ConnectionString}"];
    }

    public override async Task DisposeAsync()
    {
        await base.DisposeAsync();
        if (_database is not null)
        {
            await _database.DisposeAsync();
        }
    }
}
