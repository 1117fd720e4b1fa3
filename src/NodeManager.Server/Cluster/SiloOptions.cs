namespace NodeManager.Server.Cluster;

/// <summary>
/// The silo this process runs, from Orleans' own configuration section (DESIGN §11; docs/configuration.md).
/// Only what NodeManager decides itself is read here: whether membership is the embedded single silo
/// (no <c>Orleans:Clustering:ProviderType</c>) and the ports of that silo. With a provider type, Orleans
/// reads the section itself (its configuration-based provider model, as Aspire and the Helm chart use).
/// </summary>
public sealed record SiloOptions(string ClusterId, string ServiceId, string? ClusteringProvider, int SiloPort, int GatewayPort)
{
    public const string DefaultClusterId = "nodemanager";
    public const string DefaultServiceId = "nodemanager";
    public const int DefaultSiloPort = 11111;

    /// <summary>True for the embedded default: one silo, membership in its own memory.</summary>
    public bool IsSingleSilo => ClusteringProvider is null;

    public static SiloOptions From(IConfiguration configuration, List<string> problems)
    {
        var section = configuration.GetSection("Orleans");
        var provider = section["Clustering:ProviderType"] is { Length: > 0 } p ? p.Trim() : null;
        return new SiloOptions(
            section["ClusterId"] is { Length: > 0 } clusterId ? clusterId : DefaultClusterId,
            section["ServiceId"] is { Length: > 0 } serviceId ? serviceId : DefaultServiceId,
            provider,
            Port(section, "Endpoints:SiloPort", DefaultSiloPort, allowZero: false, problems),
            Port(section, "Endpoints:GatewayPort", 0, allowZero: true, problems));
    }

    private static int Port(IConfigurationSection section, string key, int fallback, bool allowZero, List<string> problems)
    {
        var text = section[key];
        if (string.IsNullOrWhiteSpace(text))
        {
            return fallback;
        }

        if (int.TryParse(text, out var port) && port <= 65535 && (port > 0 || (allowZero && port == 0)))
        {
            return port;
        }

        problems.Add($"Orleans:{key} must be a port number {(allowZero ? "from 0 (none) " : "from 1 ")}to 65535, not '{text}'.");
        return fallback;
    }
}
