namespace NodeManager.Storage.Sqlite;

/// <summary>Options of the embedded store (<c>NodeManager:Storage:Sqlite</c>).</summary>
public sealed class SqliteStoreOptions
{
    /// <summary>The database file; created with its directory when absent. Default <c>data/nodemanager.db</c>.</summary>
    public string Path { get; set; } = System.IO.Path.Combine("data", "nodemanager.db");
}
