using System.Net;
using NodeManager.Server.Tests.Infrastructure;

namespace NodeManager.Server.Tests.Cluster;

/// <summary>The Orleans Dashboard on the HTTP port when enabled (off by default), and Orleans' meter on <c>/metrics</c> beside ours.</summary>
public sealed class DashboardAndMetricsTests
{
    [Fact]
    public async Task Dashboard_Enabled_ServesItsPage_OffByDefault()
    {
        await using var store = await TestStore.CreateAsync(postgres: false);
        await using (var plain = await ServerInstance.StartAsync(store.Args))
        {
            Assert.Equal(HttpStatusCode.NotFound, (await plain.Client.GetAsync("/dashboard/")).StatusCode);
        }

        await using var server = await ServerInstance.StartAsync(store.Args, "--NodeManager:Dashboard:Enabled=true", "--NodeManager:Dashboard:Path=/ops/orleans");
        var page = await server.Client.GetAsync("/ops/orleans/");
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.Equal("text/html", page.Content.Headers.ContentType?.MediaType);
        Assert.Contains("Orleans", await page.Content.ReadAsStringAsync(), StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task Metrics_CarryOrleansMeterBesideOurs()
    {
        await using var store = await TestStore.CreateAsync(postgres: false);
        await using var server = await ServerInstance.StartAsync(store.Args);
        var created = await server.Client.SendAsync(HttpMethod.Post, "/v1/nodes", Json.NodeJson(1));
        Assert.Equal(HttpStatusCode.Created, created.StatusCode); // a NodeGrain is activated: Orleans counts it

        var scrape = await NodeManager.Server.Tests.Metrics.PrometheusScrape.GetAsync(server.Client); // every sample parses, or this throws
        var names = scrape.Families.Select(f => f.Name).ToList();
        Assert.Contains(names, n => n.StartsWith("nodemanager_", StringComparison.Ordinal));
        Assert.Contains(names, n => n.StartsWith("orleans_", StringComparison.Ordinal));
        Assert.DoesNotContain(names, n => n.Contains('-', StringComparison.Ordinal) || n.Contains('.', StringComparison.Ordinal));
        Assert.True(scrape.Value("orleans_catalog_activation_created_total", ("grain_type", "node")) >= 1, "the NodeGrain activated by the create is counted");
    }
}
