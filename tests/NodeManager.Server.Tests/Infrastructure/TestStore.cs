using NodeManager.Testing;

namespace NodeManager.Server.Tests.Infrastructure;

/// <summary>A new, empty store for one test: a SQLite file in a temp folder, or a throwaway PostgreSQL database.</summary>
public sealed class TestStore : IAsyncDisposable
{
    private readonly TempDirectory? _directory;
    private readonly PostgresTestDatabase? _database;

    private TestStore(TempDirectory? directory, PostgresTestDatabase? database, IReadOnlyList<string> args)
    {
        _directory = directory;
        _database = database;
        Args = args;
    }

    /// <summary>Server command-line arguments selecting this store.</summary>
    public IReadOnlyList<string> Args { get; }

    public static async Task<TestStore> CreateAsync(bool postgres)
    {
        if (postgres)
        {
            var database = await PostgresTestDatabase.CreateAsync();
            return new TestStore(null, database, ["--NodeManager:Storage:Provider=Postgres", $"--ConnectionStrings:NodeManager={database.ConnectionString}"]);
        }

        var directory = new TempDirectory();
        return new TestStore(directory, null, [$"--NodeManager:Storage:Sqlite:Path={directory.File("nm.db")}"]);
    }

    public async ValueTask DisposeAsync()
    {
        _directory?.Dispose();
        if (_database is not null)
        {
            await _database.DisposeAsync();
        }
    }
}
