using System.Net;
using System.Text.Json.Nodes;
using NodeManager.Contracts.V1;
using NodeManager.Testing;

namespace NodeManager.Ui.Tests.Api;

/// <summary>ListNodes' filters answered from the health registry: health_status, zone, rack, search (REST and gRPC).</summary>
public sealed class NodeListFilterTests : ServerTest
{
    [Fact]
    public async Task ListNodes_HealthStatus_PagesThroughTheMatchingNodesInIdOrder()
    {
        var ids = new List<string>();
        for (var i = 0; i < 9; i++)
        {
            ids.Add(await Server.CreateNodeAsync($"hs-{i}", $"10.3.0.{i + 1}", rack: $"r{i % 3}"));
        }

        var ready = ids.Where((_, i) => i % 2 == 0).ToList(); // 5 nodes
        await BeatAsync(ready);

        var pages = await PagesAsync("/v1/nodes?health_status=READY&page_size=2");
        Assert.Equal(3, pages.Count);
        var listed = pages.SelectMany(p => p).ToList();
        Assert.Equal(ready.Order(StringComparer.Ordinal), listed);
        var unknown = (await PagesAsync("/v1/nodes?health_status=UNKNOWN&page_size=3")).SelectMany(p => p).ToList();
        Assert.Equal(ids.Except(ready).Order(StringComparer.Ordinal), unknown);

        // The unfiltered list (the store's order) and the filtered one agree on order.
        var all = (await PagesAsync("/v1/nodes?page_size=4")).SelectMany(p => p).ToList();
        Assert.Equal(all.Where(ready.Contains), listed);

        // Combined with a lifecycle filter, and every node carries its health.
        await Server.TransitionAsync(ready[0], "COMMISSIONED");
        var commissioned = await Server.GetAsync("/v1/nodes?health_status=READY&lifecycle_state=COMMISSIONED");
        var node = Assert.Single(commissioned["nodes"]!.AsArray())!;
        Assert.Equal(ready[0], node["id"]!.GetValue<string>());
        Assert.Equal("HEALTH_STATUS_READY", node["health"]!["status"]!.GetValue<string>());
    }

    [Fact]
    public async Task ListNodes_ZoneRackAndSearch_MatchTheLocationAndSubstrings()
    {
        await Server.CreateNodeAsync("db-01", "10.2.0.1", zone: "za", rack: "r1");
        await Server.CreateNodeAsync("db-02", "10.2.0.2", zone: "za", rack: "r2");
        await Server.CreateNodeAsync("web-01", "10.2.1.1", zone: "zb", rack: "r1");

        Assert.Equal(["db-01", "db-02"], Names(await Server.GetAsync("/v1/nodes?zone=za")));
        Assert.Equal(["db-01"], Names(await Server.GetAsync("/v1/nodes?zone=za&rack=r1")));
        Assert.Equal(["db-01", "web-01"], Names(await Server.GetAsync("/v1/nodes?rack=r1")));
        Assert.Equal(["db-01", "db-02"], Names(await Server.GetAsync("/v1/nodes?search=DB-")));
        Assert.Equal(["web-01"], Names(await Server.GetAsync("/v1/nodes?search=10.2.1.")));
        Assert.Empty(Names(await Server.GetAsync("/v1/nodes?search=nothing-like-it")));
    }

    [Theory]
    [InlineData("health_status=SICK", "health_status")]
    [InlineData("health_status=READY&label_selector=a%20in%20(", "label_selector")]
    [InlineData("health_status=READY&page_token=bogus", "page_token")]
    [InlineData("health_status=READY&page_size=1001", "page_size")]
    public async Task ListNodes_BadFilter_Is400NamingTheField(string query, string field)
    {
        using var response = await Server.Client.GetAsync($"/v1/nodes?{query}");
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var problem = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
        Assert.Contains(problem["errors"]!.AsArray(), e => e!["field"]!.GetValue<string>() == field);
    }

    [Fact]
    public async Task ListNodesGrpc_HealthStatusAndSearch_FilterLikeRest()
    {
        var a = await Server.CreateNodeAsync("grpc-a", "10.1.0.1");
        await Server.CreateNodeAsync("grpc-b", "10.1.0.2");
        await BeatAsync([a]);
        using var channel = TestGrpcChannel.ForAddress(Server.Grpc);
        var client = new NodeService.NodeServiceClient(channel);
        var ready = await client.ListNodesAsync(new ListNodesRequest { HealthStatus = HealthStatus.Ready }, deadline: DateTime.UtcNow.Add(TestTimeout.Default));
        Assert.Equal("grpc-a", Assert.Single(ready.Nodes).Name);
        var search = await client.ListNodesAsync(new ListNodesRequest { Search = "b" }, deadline: DateTime.UtcNow.Add(TestTimeout.Default));
        Assert.Equal("grpc-b", Assert.Single(search.Nodes).Name);
    }

    private async Task<List<List<string>>> PagesAsync(string path)
    {
        var pages = new List<List<string>>();
        var token = "";
        do
        {
            var page = await Server.GetAsync($"{path}&page_token={Uri.EscapeDataString(token)}");
            pages.Add([.. page["nodes"]!.AsArray().Select(n => n!["id"]!.GetValue<string>())]);
            token = page["nextPageToken"]?.GetValue<string>() ?? "";
            Assert.True(pages.Count < 100, "paging did not end");
        }
        while (token.Length > 0);
        return pages;
    }

    private static List<string> Names(JsonObject list) => [.. list["nodes"]!.AsArray().Select(n => n!["name"]!.GetValue<string>())];
}
