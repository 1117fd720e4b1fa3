namespace NodeManager.Storage.Postgres;

/// <summary>
/// Versioned schema changes, applied in order at start-up in one transaction that holds
/// <see cref="LockKey"/>, so instances starting together apply each migration once.
/// </summary>
internal static class PostgresMigrations
{
    /// <summary>Advisory lock key of schema migrations ("NMSCHEMA" in ASCII).</summary>
    public const long LockKey = 0x4E4D534348454D41;

    /// <summary>Advisory lock key every transaction that appends change events takes ("NMEVENTS" in ASCII).</summary>
    public const long EventsLockKey = 0x4E4D4556454E5453;

    /// <summary>
    /// Session advisory lock key ("NMSWEEPR" in ASCII, the key of the sweeper lease before Orleans): a standalone
    /// silo holds it exclusively, each silo of a cluster holds it shared (see PostgresNodeStore.Standalone.cs).
    /// </summary>
    public const long SiloLockKey = 0x4E4D535745455052;

    public const string CreateTable = """
        CREATE TABLE IF NOT EXISTS schema_migrations (
            version integer PRIMARY KEY,
            name text NOT NULL,
            applied_at timestamptz NOT NULL DEFAULT now()
        )
        """;

    public static readonly IReadOnlyList<(int Version, string Name, string Sql)> All =
    [
        (1, "nodes", """
            CREATE TABLE nodes (
                id uuid PRIMARY KEY,
                name text NOT NULL UNIQUE,
                ip text NOT NULL UNIQUE,
                mac text UNIQUE,
                lifecycle_state smallint NOT NULL,
                version bigint NOT NULL,
                create_time timestamptz NOT NULL,
                update_time timestamptz NOT NULL,
                spec jsonb NOT NULL
            );
            CREATE INDEX nodes_lifecycle_state ON nodes (lifecycle_state, id);
            """),
        (2, "node_health", """
            CREATE TABLE node_health (
                node_id uuid PRIMARY KEY REFERENCES nodes (id) ON DELETE CASCADE,
                status smallint NOT NULL,
                reason text NOT NULL,
                message text NOT NULL,
                decided_by smallint NOT NULL,
                last_heartbeat_time timestamptz,
                last_transition_time timestamptz NOT NULL,
                flap_count integer NOT NULL,
                conditions jsonb NOT NULL
            ) WITH (fillfactor = 70); -- room on each page for heartbeat flushes to update in place (HOT)
            """),
        (3, "events", """
            CREATE TABLE events (
                revision bigserial PRIMARY KEY,
                time timestamptz NOT NULL,
                kind smallint NOT NULL,
                node_id uuid NOT NULL,
                payload jsonb NOT NULL
            );
            CREATE TABLE feed_state (
                id integer PRIMARY KEY CHECK (id = 1),
                compacted_through bigint NOT NULL
            );
            INSERT INTO feed_state (id, compacted_through) VALUES (1, 0);
            """),
        (4, "lifecycle", """
            ALTER TABLE nodes
                ADD COLUMN lifecycle_previous smallint NOT NULL DEFAULT 0,
                ADD COLUMN lifecycle_reason text NOT NULL DEFAULT '',
                ADD COLUMN lifecycle_actor text NOT NULL DEFAULT '',
                ADD COLUMN lifecycle_time timestamptz,
                ADD COLUMN lifecycle_operation text NOT NULL DEFAULT '';
            CREATE TABLE operations (
                id text PRIMARY KEY,
                state smallint NOT NULL,
                version bigint NOT NULL,
                owner text NOT NULL,
                lease_until timestamptz NOT NULL,
                create_time timestamptz NOT NULL,
                update_time timestamptz NOT NULL,
                body jsonb NOT NULL
            );
            CREATE INDEX operations_state ON operations (state, create_time);
            """),
        (5, "reservations", """
            CREATE TABLE reservations (
                node_id uuid NOT NULL REFERENCES nodes (id) ON DELETE CASCADE,
                kind smallint NOT NULL,
                name text NOT NULL,
                request_cpu bigint NOT NULL,
                request_memory bigint NOT NULL,
                request_storage bigint NOT NULL,
                limit_cpu bigint NOT NULL,
                limit_memory bigint NOT NULL,
                limit_storage bigint NOT NULL,
                create_time timestamptz NOT NULL,
                PRIMARY KEY (node_id, kind, name)
            );
            """),
        (6, "health_expected", """
            ALTER TABLE node_health ADD COLUMN expected boolean NOT NULL DEFAULT false;
            """),
        // Heartbeat times flushed every sweep (20,000 rows a second at 100,000 nodes) get a narrow table of
        // their own: a flush never waits for (or deadlocks with) a transition holding node_health rows.
        // No foreign key: a flush skips unregistered nodes itself, and a key check per row would only add
        // work and a failure mode to the hottest statement; deleting a node deletes its row.
        (7, "node_heartbeats", """
            CREATE TABLE node_heartbeats (
                node_id uuid PRIMARY KEY,
                time timestamptz NOT NULL
            ) WITH (fillfactor = 50);
            INSERT INTO node_heartbeats (node_id, time)
            SELECT node_id, last_heartbeat_time FROM node_health WHERE last_heartbeat_time IS NOT NULL;
            """),
        (8, "instances", """
            CREATE TABLE instances (
                id uuid PRIMARY KEY,
                seen_at timestamptz NOT NULL
            );
            """),
        (9, "instances dropped: Orleans membership says which silos are alive", """
            DROP TABLE instances;
            """),
        // Per-node history: one row per change event, same revision, kept apart from the feed's compaction;
        // the key serves a node's history, the time index retention. What the feed still holds becomes the
        // first history (kind and time; no actor, no detail).
        (10, "node_history", """
            CREATE TABLE node_history (
                node_id uuid NOT NULL,
                revision bigint NOT NULL,
                time timestamptz NOT NULL,
                kind smallint NOT NULL,
                actor text NOT NULL,
                detail jsonb NOT NULL,
                PRIMARY KEY (node_id, revision)
            );
            CREATE INDEX node_history_time ON node_history (time);
            INSERT INTO node_history (node_id, revision, time, kind, actor, detail)
            SELECT node_id, revision, time, kind, '', '{}' FROM events;
            """),
    ];
}
