using NodeManager.Core.Storage;
using NodeManager.Storage.Postgres;
using NodeManager.Storage.Sqlite;

namespace NodeManager.Server.Hosting;

/// <summary>Picks the store named by <c>NodeManager:Storage:Provider</c>.</summary>
public static class StoreFactory
{
    public static INodeStore Create(NodeManagerOptions options, IConfiguration configuration) => options.Storage.Provider switch
    {
        StorageProvider.Sqlite => new SqliteNodeStore(options.Storage.Sqlite),
        StorageProvider.Postgres => new PostgresNodeStore(new PostgresStoreOptions { ConnectionString = configuration.GetConnectionString("NodeManager") ?? "" }),
        _ => throw new InvalidOperationException($"storage provider {options.Storage.Provider} is not available in this build"),
    };
}
