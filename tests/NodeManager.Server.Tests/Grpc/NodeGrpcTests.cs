using NodeManager.Server.Tests.Infrastructure;
using NodeManager.Testing;

namespace NodeManager.Server.Tests.Grpc;

public sealed class SqliteNodeGrpcTests : NodeGrpcTestsBase
{
    private readonly TempDirectory _dir = new();

    protected override Task<IEnumerable<string>> StoreArgsAsync() =>
        Task.FromResult<IEnumerable<string>>([$"--NodeManager:Storage:Sqlite:Path={_dir.File("nm.db")}"]);

    public override async Task DisposeAsync()
    {
        await base.DisposeAsync();
        _dir.Dispose();
    }
}

[RequiresPostgres]
public sealed class PostgresNodeGrpcTests : NodeGrpcTestsBase
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
