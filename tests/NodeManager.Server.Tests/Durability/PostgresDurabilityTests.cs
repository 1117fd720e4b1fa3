using NodeManager.Testing;

namespace NodeManager.Server.Tests.Durability;

[RequiresPostgres]
public sealed class PostgresDurabilityTests : DurabilityTestsBase, IAsyncLifetime
{
    private PostgresTestDatabase? _database;

    protected override async Task<IEnumerable<string>> StoreArgsAsync()
    {
        _database = await PostgresTestDatabase.CreateAsync();
        return ["--NodeManager:Storage:Provider=Postgres", $"--ConnectionStrings:NodeManager={_database.ConnectionString}"];
    }

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        if (_database is not null)
        {
            await _database.DisposeAsync();
        }
    }
}
