using NodeManager.Core.Errors;

namespace NodeManager.Storage.Sqlite;

/// <summary>
/// Holds an exclusive lock on <c>&lt;database&gt;.lock</c> for the life of the process, so a
/// second server on the same SQLite file refuses to start (SQLite is single-instance; several
/// instances need PostgreSQL). The OS drops the lock when the process dies, even on kill -9.
/// </summary>
internal sealed class SqliteInstanceLock : IDisposable
{
    private readonly FileStream _stream;

    private SqliteInstanceLock(FileStream stream) => _stream = stream;

    public static SqliteInstanceLock Acquire(string databasePath)
    {
        var lockPath = databasePath + ".lock";
        try
        {
            var stream = new FileStream(lockPath, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
            return new SqliteInstanceLock(stream);
        }
        catch (IOException ex)
        {
            throw new StartupException(
                $"Another NodeManager instance is using the SQLite database '{databasePath}' (lock file '{lockPath}' is held). " +
                "SQLite supports a single instance; stop the other one, give this one another NodeManager:Storage:Sqlite:Path, " +
                "or use NodeManager:Storage:Provider=Postgres for several instances.", ex);
        }
    }

    public void Dispose() => _stream.Dispose();
}
