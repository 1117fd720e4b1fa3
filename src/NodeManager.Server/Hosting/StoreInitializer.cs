using System.Diagnostics;
using Microsoft.Extensions.Options;
using NodeManager.Contracts.V1;
using NodeManager.Core.Errors;
using NodeManager.Core.Storage;
using NodeManager.Server.Cluster;
using NodeManager.Server.Health;
using NodeManager.Server.Import;
using NodeManager.Server.Nodes;
using NodeManager.Storage.Postgres;

namespace NodeManager.Server.Hosting;

/// <summary>
/// Runs before the server listens: migrates the store, then imports <c>NodeManager:Import:File</c>
/// (all-or-nothing, idempotent). A failure stops the start with the reason.
/// </summary>
public sealed partial class StoreInitializer(
    INodeStore store,
    SiloOptions silo,
    NodeServiceImpl nodes,
    HealthRegistry health,
    IOptions<NodeManagerOptions> options,
    ILogger<StoreInitializer> logger) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        var started = Stopwatch.GetTimestamp();
        await store.InitializeAsync(cancellationToken);
        await HoldSiloLockAsync(cancellationToken);
        var migrated = Stopwatch.GetTimestamp();
        await health.LoadAsync(cancellationToken);
        LogLoaded(logger, Stopwatch.GetElapsedTime(started, migrated).TotalMilliseconds, health.Count, Stopwatch.GetElapsedTime(migrated).TotalMilliseconds);
        var file = options.Value.Import.File;
        if (string.IsNullOrWhiteSpace(file))
        {
            return;
        }

        NodeFile decoded;
        try
        {
            decoded = NodeFileDecoder.Decode(await File.ReadAllTextAsync(file, cancellationToken));
        }
        catch (NodeManagerException ex)
        {
            throw new StartupException($"NodeManager:Import:File '{file}' cannot be read as a node file: {ex.Message}", ex);
        }

        var report = await nodes.ImportRows(decoded.Rows, dryRun: false, ImportMode.AllOrNothing, cancellationToken);
        var summary = report.Summary;
        if (summary.Invalid + summary.Conflicts > 0)
        {
            var bad = report.Rows.Where(r => r.Violations.Count > 0).Take(20)
                .Select(r => $"row {r.Row}: " + string.Join("; ", r.Violations.Select(v => $"{v.Field}: {v.Description}")));
            throw new StartupException(
                $"NodeManager:Import:File '{file}' was not imported: {summary.Invalid} invalid and {summary.Conflicts} conflicting rows " +
                $"(nothing written). First problems:{Environment.NewLine}  " + string.Join(Environment.NewLine + "  ", bad));
        }

        LogImported(logger, file, summary.Created, summary.Updated, summary.Unchanged);
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    /// <summary>One database, one cluster: a standalone silo refuses a database another server or a cluster uses, and the reverse.</summary>
    private async Task HoldSiloLockAsync(CancellationToken cancellationToken)
    {
        if (store is not PostgresNodeStore postgres || await postgres.TryHoldSiloLockAsync(silo.IsSingleSilo, cancellationToken))
        {
            return;
        }

        throw new StartupException(silo.IsSingleSilo
            ? "another NodeManager server is using this PostgreSQL database, as a standalone silo or as a silo of a cluster. " +
              "Two servers on one database must be silos of one cluster: set Orleans:Clustering:ProviderType=Redis and " +
              "Orleans:Clustering:ConnectionString on every server (docs/configuration.md), or give this one its own database."
            : "a standalone NodeManager server (no Orleans:Clustering:ProviderType) is using this PostgreSQL database; stop it, " +
              "or configure it with the same Orleans:Clustering settings as this silo, before starting the cluster.");
    }

    [LoggerMessage(EventId = 1102, Level = LogLevel.Information, Message = "Store ready in {StoreMs:F0} ms; health of {Nodes} nodes loaded in {LoadMs:F0} ms")]
    private static partial void LogLoaded(ILogger logger, double storeMs, int nodes, double loadMs);

    [LoggerMessage(EventId = 1101, Level = LogLevel.Information, Message = "Imported {File}: {Created} created, {Updated} updated, {Unchanged} unchanged")]
    private static partial void LogImported(ILogger logger, string file, int created, int updated, int unchanged);
}
