using NodeManager.Core.Errors;
using NodeManager.Server.Cluster;

namespace NodeManager.Server.Hosting;

/// <summary>Checks the configuration at start-up and reports every problem at once, with how to fix it.</summary>
public static class OptionsValidator
{
    /// <summary>Throws <see cref="StartupException"/> listing every problem; returns the silo's options.</summary>
    public static SiloOptions Validate(NodeManagerOptions options, DashboardSettings dashboard, KubernetesHostingSettings kubernetes, IConfiguration configuration)
    {
        var problems = new List<string>();
        var silo = SiloOptions.From(configuration, problems);
        if (!silo.IsSingleSilo && options.Storage.Provider == StorageProvider.Sqlite)
        {
            problems.Add($"Orleans:Clustering:ProviderType is {silo.ClusteringProvider}, a cluster of silos, but the store is SQLite, a file of one " +
                "process; a cluster needs NodeManager:Storage:Provider=Postgres with ConnectionStrings:NodeManager (or remove " +
                "Orleans:Clustering:ProviderType to run the single embedded silo).");
        }

        problems.AddRange(dashboard.Validate());
        problems.AddRange(kubernetes.Validate(silo, Environment.GetEnvironmentVariable));
        if (configuration["NodeManager:StopDeadline"] is { Length: > 0 } deadline
            && (!TimeSpan.TryParse(deadline, System.Globalization.CultureInfo.InvariantCulture, out var parsed) || parsed <= TimeSpan.Zero))
        {
            problems.Add($"NodeManager:StopDeadline must be a positive time span such as 00:00:20, not '{deadline}'.");
        }
        if (!Enum.IsDefined(options.Storage.Provider))
        {
            problems.Add("NodeManager:Storage:Provider must be Sqlite or Postgres.");
        }

        if (options.Storage.Provider == StorageProvider.Postgres && string.IsNullOrWhiteSpace(configuration.GetConnectionString("NodeManager")))
        {
            problems.Add("NodeManager:Storage:Provider is Postgres but ConnectionStrings:NodeManager is empty; set it, e.g. " +
                "ConnectionStrings__NodeManager=\"Host=db;Username=nodemanager;Password=...;Database=nodemanager\".");
        }

        if (options.Storage.Provider == StorageProvider.Sqlite && string.IsNullOrWhiteSpace(options.Storage.Sqlite.Path))
        {
            problems.Add("NodeManager:Storage:Sqlite:Path is empty; leave it unset for data/nodemanager.db or give a file path.");
        }

        if (!string.IsNullOrWhiteSpace(options.Import.File) && !File.Exists(options.Import.File))
        {
            problems.Add($"NodeManager:Import:File '{options.Import.File}' does not exist (relative paths are taken from '{Environment.CurrentDirectory}').");
        }

        problems.AddRange(options.Health.Validate());
        problems.AddRange(options.Events.Validate());
        problems.AddRange(options.History.Validate());
        problems.AddRange(options.Telemetry.Validate());
        if (problems.Count > 0)
        {
            throw new StartupException("NodeManager configuration is invalid:" + Environment.NewLine + "  - " + string.Join(Environment.NewLine + "  - ", problems));
        }

        return silo;
    }
}
