using NodeManager.Server.Tests.Infrastructure;

namespace NodeManager.Server.Tests.Rest;

public sealed class SqliteNodesApiTests : NodesApiTestsBase
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

public sealed class SqliteImportApiTests : ImportApiTestsBase
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
