using NodeManager.Storage.Sqlite;

namespace NodeManager.Server.Hosting;

/// <summary>The <c>NodeManager</c> configuration section (docs/configuration.md lists every key).</summary>
public sealed class NodeManagerOptions
{
    public const string Section = "NodeManager";

    public StorageOptions Storage { get; set; } = new();

    public ImportOptions Import { get; set; } = new();

    /// <summary><c>NodeManager:Health</c>: heartbeat interval, grace, probes, DOWN, sweeps, guard (docs/configuration.md lists the keys).</summary>
    public NodeManager.Core.Health.HealthPolicy Health { get; set; } = new();

    /// <summary><c>NodeManager:Events</c>: change-feed retention and watcher buffer.</summary>
    public NodeManager.Server.Changes.ChangeFeedOptions Events { get; set; } = new();

    /// <summary><c>NodeManager:Telemetry</c>: OTLP export of metrics and traces.</summary>
    public NodeManager.Server.Metrics.TelemetryOptions Telemetry { get; set; } = new();
    /// <summary><c>NodeManager:Lifecycle</c>: auto-commission, batch operation poll and resume intervals.</summary>
    public NodeManager.Core.Lifecycle.LifecycleOptions Lifecycle { get; set; } = new();

    /// <summary><c>NodeManager:History</c>: per-node history retention and pruning.</summary>
    public NodeManager.Server.History.HistoryOptions History { get; set; } = new();
}

/// <summary><c>NodeManager:Storage</c>.</summary>
public sealed class StorageOptions
{
    /// <summary><c>Sqlite</c> (default, single instance) or <c>Postgres</c> (needs <c>ConnectionStrings:NodeManager</c>).</summary>
    public StorageProvider Provider { get; set; } = StorageProvider.Sqlite;

    public SqliteStoreOptions Sqlite { get; set; } = new();
}

public enum StorageProvider
{
    Sqlite,
    Postgres,
}

/// <summary><c>NodeManager:Import</c>.</summary>
public sealed class ImportOptions
{
    /// <summary>A node file (any format <c>POST /v1/nodes:import</c> takes) imported all-or-nothing at start-up; empty = none.</summary>
    public string? File { get; set; }
}
