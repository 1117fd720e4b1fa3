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
        (3, "events", """
            CREATE TABLE events (
                revision INTEGER PRIMARY KEY AUTOINCREMENT,
                time INTEGER NOT NULL,
                kind INTEGER NOT NULL,
                node_id TEXT NOT NULL,
                payload TEXT NOT NULL
            );
            CREATE TABLE feed_state (
                id INTEGER PRIMARY KEY CHECK (id = 1),
                compacted_through INTEGER NOT NULL
            );
            INSERT INTO feed_state (id, compacted_through) VALUES (1, 0);
            """),
        (4, "lifecycle", """
            ALTER TABLE nodes ADD COLUMN lifecycle_previous INTEGER NOT NULL DEFAULT 0;
            ALTER TABLE nodes ADD COLUMN lifecycle_reason TEXT NOT NULL DEFAULT '';
            ALTER TABLE nodes ADD COLUMN lifecycle_actor TEXT NOT NULL DEFAULT '';
            ALTER TABLE nodes ADD COLUMN lifecycle_time INTEGER;
            ALTER TABLE nodes ADD COLUMN lifecycle_operation TEXT NOT NULL DEFAULT '';
            CREATE TABLE operations (
                id TEXT PRIMARY KEY,
                state INTEGER NOT NULL,
                version INTEGER NOT NULL,
                owner TEXT NOT NULL,
                lease_until INTEGER NOT NULL,
                create_time INTEGER NOT NULL,
                update_time INTEGER NOT NULL,
                body TEXT NOT NULL
            ) WITHOUT ROWID;
            CREATE INDEX operations_state ON operations (state, create_time);
            """),
        (5, "reservations", """
            CREATE TABLE reservations (
                node_id TEXT NOT NULL REFERENCES nodes (id) ON DELETE CASCADE,
                kind INTEGER NOT NULL,
                name TEXT NOT NULL,
                request_cpu INTEGER NOT NULL,
                request_memory INTEGER NOT NULL,
                request_storage INTEGER NOT NULL,
                limit_cpu INTEGER NOT NULL,
                limit_memory INTEGER NOT NULL,
                limit_storage INTEGER NOT NULL,
                create_time INTEGER NOT NULL,
                PRIMARY KEY (node_id, kind, name)
            ) WITHOUT ROWID;
            """),
        (6, "health_expected", """
            ALTER TABLE node_health ADD COLUMN expected INTEGER NOT NULL DEFAULT 0;
            """),
        // Per-node history: one row per change event, same revision, kept apart from the feed's compaction.
        // Clustered by node (a node's history is one range); the time index serves retention. What the feed
        // still holds becomes the first history (kind and time; no actor, no detail).
        (7, "node_history", """
            CREATE TABLE node_history (
                node_id TEXT NOT NULL,
                revision INTEGER NOT NULL,
                time INTEGER NOT NULL,
                kind INTEGER NOT NULL,
                actor TEXT NOT NULL,
                detail TEXT NOT NULL,
                PRIMARY KEY (node_id, revision)
            ) WITHOUT ROWID;
            CREATE INDEX node_history_time ON node_history (time);
            INSERT INTO node_history (node_id, revision, time, kind, actor, detail)
            SELECT node_id, revision, time, kind, '', '{}' FROM events;
            """),
    ];
}
