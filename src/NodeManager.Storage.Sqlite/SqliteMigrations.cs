namespace NodeManager.Storage.Sqlite;

/// <summary>Versioned schema changes, applied in order at start-up, each in its own transaction.</summary>
internal static class SqliteMigrations
{
    public static readonly IReadOnlyList<(int Version, string Name, string Sql)> All =
    [
        (1, "nodes", """
            CREATE TABLE nodes (
                id TEXT PRIMARY KEY,
                name TEXT NOT NULL UNIQUE,
                ip TEXT NOT NULL UNIQUE,
                mac TEXT UNIQUE,
                lifecycle_state INTEGER NOT NULL,
                version INTEGER NOT NULL,
                create_time INTEGER NOT NULL,
                update_time INTEGER NOT NULL,
                spec TEXT NOT NULL
            ) WITHOUT ROWID;
            CREATE INDEX nodes_lifecycle_state ON nodes (lifecycle_state, id);
            """),
        (2, "node_health", """
            CREATE TABLE node_health (
                node_id TEXT PRIMARY KEY REFERENCES nodes (id) ON DELETE CASCADE,
                status INTEGER NOT NULL,
                reason TEXT NOT NULL,
                message TEXT NOT NULL,
                decided_by INTEGER NOT NULL,
                last_heartbeat_time INTEGER,
                last_transition_time INTEGER NOT NULL,
                flap_count INTEGER NOT NULL,
                conditions TEXT NOT NULL
            ) WITHOUT ROWID;
            """),
    ];
}
