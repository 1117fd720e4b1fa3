using System.Net;
using System.Text.RegularExpressions;
using NodeManager.Server.Tests.Grpc;
using NodeManager.Server.Tests.Infrastructure;
using NodeManager.Testing;

namespace NodeManager.Server.Tests.Metrics;

/// <summary>
/// <c>GET /metrics</c> of the real server, read by the Prometheus project's parsers (<see cref="PrometheusScrape"/>):
/// our meter's values are what the API reports, the runtime's, ASP.NET Core's, Kestrel's and Orleans' families are
/// there, OpenMetrics carries the units, and the README's table of renamed metrics is what the server exports.
/// </summary>
public sealed partial class PrometheusEndpointTests : IAsyncLifetime
{
    private TestStore? _store;
    private ServerInstance? _server;

    private HttpClient Client => _server!.Client;

    public async Task InitializeAsync()
    {
        _store = await TestStore.CreateAsync(postgres: false);
        _server = await ServerInstance.StartAsync(_store.Args);
    }

    public async Task DisposeAsync()
    {
        if (_server is not null)
        {
            await _server.DisposeAsync();
        }

        if (_store is not null)
        {
            await _store.DisposeAsync();
        }
    }

    [Fact]
    public async Task Metrics_NodesRegisteredAndHeartbeating_CountsAreWhatTheApiReports()
    {
        var ids = new List<string>();
        for (var i = 1; i <= 3; i++)
        {
            var created = await Client.SendAsync(HttpMethod.Post, "/v1/nodes", Json.NodeJson(i));
            Assert.Equal(HttpStatusCode.Created, created.StatusCode);
            ids.Add((await Json.ReadAsync(created))["id"]!.GetValue<string>());
        }

        foreach (var id in ids.Take(2))
        {
            var beat = await Client.SendAsync(HttpMethod.Post, $"/v1/nodes/{id}/heartbeat", """{"seq": 1}""");
            Assert.Equal(HttpStatusCode.OK, beat.StatusCode);
        }

        var health = (await Json.ReadAsync(await Client.SendAsync(HttpMethod.Get, "/v1/health")))["health"]!.AsArray();
        var byStatus = health.GroupBy(h => h!["status"]!.GetValue<string>()).ToDictionary(g => g.Key, g => g.Count());
        var scrape = await PrometheusScrape.GetAsync(Client);

        Assert.Equal(3, health.Count);
        Assert.Equal(2, byStatus.GetValueOrDefault("HEALTH_STATUS_READY"));
        foreach (var (api, label) in new[] { ("READY", "ready"), ("NOT_READY", "not_ready"), ("DOWN", "down"), ("UNKNOWN", "unknown") })
        {
            Assert.Equal(byStatus.GetValueOrDefault("HEALTH_STATUS_" + api), scrape.Value("nodemanager_nodes", ("status", label)));
        }

        Assert.Equal("gauge", scrape.Family("nodemanager_nodes").Type);
        Assert.Equal("counter", scrape.Family("nodemanager_heartbeats").Type);
        Assert.Equal(2, scrape.Value("nodemanager_heartbeats_total"));
        Assert.Equal(2, scrape.Value("nodemanager_health_transitions_total", ("status", "ready")));
        Assert.Equal(0, scrape.Value("nodemanager_disruption_guard"));

        // Beside ours: the .NET runtime, ASP.NET Core (the requests above), Kestrel and Orleans (the NodeGrains).
        Assert.Equal("counter", scrape.Family("dotnet_gc_collections").Type);
        Assert.True(scrape.Value("dotnet_process_memory_working_set_bytes") > 0);
        Assert.Equal("histogram", scrape.Family("http_server_request_duration_seconds").Type);
        Assert.Contains(scrape.Samples, s => s.Name == "http_server_request_duration_seconds_count"
            && s.Labels.GetValueOrDefault("http_route") == "/v1/nodes" && s.Labels.GetValueOrDefault("http_request_method") == "POST" && s.Value == 3);
        Assert.Contains(scrape.Families, f => f.Name.StartsWith("kestrel_", StringComparison.Ordinal));
        Assert.True(scrape.Value("orleans_catalog_activation_created_total", ("grain_type", "node")) >= 3);
        Assert.DoesNotContain(scrape.Samples, s => s.Labels.GetValueOrDefault("http_route") == "/metrics"); // the scrape itself is not counted
    }

    [Fact]
    public async Task Metrics_FreshServer_CountersDeclaredAtZero()
    {
        var scrape = await PrometheusScrape.GetAsync(Client);

        Assert.Equal(0, scrape.Value("nodemanager_heartbeats_total"));
        foreach (var status in new[] { "ready", "not_ready", "down", "unknown" })
        {
            Assert.Equal(0, scrape.Value("nodemanager_health_transitions_total", ("status", status)));
        }

        Assert.Contains(scrape.Samples, s => s.Name == "nodemanager_sweeper_flushes_total");
    }

    [Fact]
    public async Task Metrics_OpenMetricsAsked_StrictParserReadsTheUnits()
    {
        var scrape = await PrometheusScrape.GetAsync(Client, openMetrics: true);

        Assert.Equal("bytes", scrape.Family("nodemanager_process_resident_memory_bytes").Unit);
        Assert.Equal("microseconds", scrape.Family("nodemanager_sweeper_last_sweep_microseconds").Unit);
        Assert.Equal("", scrape.Family("nodemanager_nodes").Unit);
        Assert.True(scrape.Value("nodemanager_process_resident_memory_bytes") > 0);
    }

    [Fact]
    public async Task Metrics_RenamesInTheReadme_NewNamesExportedOldOnesNot()
    {
        var readme = await File.ReadAllTextAsync(Path.Combine(InteropPaths.RepositoryRoot, "README.md"));
        var renames = Rename().Matches(readme).Select(m => (Old: m.Groups["old"].Value, New: m.Groups["new"].Value)).ToList();
        Assert.True(renames.Count >= 10, $"the README lists {renames.Count} renamed metrics");
        Assert.Equal(HttpStatusCode.Created, (await Client.SendAsync(HttpMethod.Post, "/v1/nodes", Json.NodeJson(9))).StatusCode); // a grain call

        var exported = (await PrometheusScrape.GetAsync(Client)).Samples.Select(s => s.Name).ToHashSet(StringComparer.Ordinal);
        Assert.All(renames, r =>
        {
            Assert.True(exported.Contains(r.New), $"{r.New} (was {r.Old}) is not exported");
            Assert.False(exported.Contains(r.Old), $"{r.Old} is still exported");
        });
    }

    /// <summary>A row of the README's rename table: <c>| `old` | `new` |</c>.</summary>
    [GeneratedRegex(@"^\| `(?<old>[a-z_]+)` \| `(?<new>[a-z_]+)` \|", RegexOptions.Multiline)]
    private static partial Regex Rename();
}
