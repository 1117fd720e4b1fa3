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

        var text = await server.Client.GetStringAsync("/metrics");
        var names = text.Split('\n').Where(l => l.StartsWith("# TYPE ", StringComparison.Ordinal)).Select(l => l.Split(' ')[2]).ToList();
        Assert.Contains(names, n => n.StartsWith("nodemanager_", StringComparison.Ordinal));
        Assert.Contains(names, n => n.StartsWith("orleans_", StringComparison.Ordinal));
        Assert.DoesNotContain(names, n => n.Contains('-', StringComparison.Ordinal) || n.Contains('.', StringComparison.Ordinal));
        foreach (var line in text.Split('\n').Where(l => l.Length > 0 && !l.StartsWith('#')))
        {
            // name{labels} value: every sample parses as a number
            Assert.True(double.TryParse(line[(line.LastIndexOf(' ') + 1)..], System.Globalization.CultureInfo.InvariantCulture, out _), line);
        }
    }
}
