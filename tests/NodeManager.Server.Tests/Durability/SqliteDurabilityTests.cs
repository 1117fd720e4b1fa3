using NodeManager.Server.Tests.Infrastructure;

namespace NodeManager.Server.Tests.Durability;

public sealed class SqliteDurabilityTests : DurabilityTestsBase, IDisposable
{
    private readonly TempDirectory _dir = new();

    protected override Task<IEnumerable<string>> StoreArgsAsync() =>
        Task.FromResult<IEnumerable<string>>([$"--NodeManager:Storage:Sqlite:Path={_dir.File("nm.db")}"]);

    public void Dispose() => _dir.Dispose();
}
