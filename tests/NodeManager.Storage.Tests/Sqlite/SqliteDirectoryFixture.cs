namespace NodeManager.Storage.Tests.Sqlite;

/// <summary>A temporary directory for one test class's SQLite files, deleted afterwards.</summary>
public sealed class SqliteDirectoryFixture : IDisposable
{
    private int _files;

    public string Directory { get; } = System.IO.Directory.CreateTempSubdirectory("nm-sqlite-tests-").FullName;

    /// <summary>A database file path not used before.</summary>
    public string NewPath() => Path.Combine(Directory, $"store-{Interlocked.Increment(ref _files)}.db");

    public void Dispose() => System.IO.Directory.Delete(Directory, recursive: true);
}
