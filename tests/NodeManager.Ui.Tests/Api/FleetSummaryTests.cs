using System.Text.Json.Nodes;

namespace NodeManager.Ui.Tests.Api;

/// <summary><c>GET /v1/fleet/summary</c>: the overview's counts, racks, conditions and silos.</summary>
public sealed class FleetSummaryTests : ServerTest
{
    [Fact]
    public async Task Summary_MixedFleet_CountsByHealthLifecycleAndRack()
    {
        var a = await Server.CreateNodeAsync("fs-a", "10.4.0.1", zone: "z1", rack: "r1");
        var b = await Server.CreateNodeAsync("fs-b", "10.4.0.2", zone: "z1", rack: "r1");
        var c = await Server.CreateNodeAsync("fs-c", "10.4.0.3", zone: "z2", rack: "r7");
        var d = await Server.CreateNodeAsync("fs-d", "10.4.0.4", zone: "z2", rack: "r7");
        await Server.TransitionAsync(a, "COMMISSIONED");
        await Server.TransitionAsync(b, "COMMISSIONED");
        await Server.TransitionAsync(b, "MAINTENANCE");
        await Server.TransitionAsync(d, "COMMISSIONED");
        await Server.TransitionAsync(d, "MAINTENANCE");
        await Server.TransitionAsync(d, "DECOMMISSIONED");
        await BeatAsync([a, c]);

        var summary = await SummaryAfterAsync(s => s["health"]!["READY"]!.GetValue<int>() == 2);
        Assert.Equal(4, summary["total"]!.GetValue<int>());
        Assert.Equal((2, 0, 0, 2), Counts(summary["health"]!, "READY", "NOT_READY", "DOWN", "UNKNOWN"));
        Assert.Equal((1, 1, 1, 1), Counts(summary["lifecycle"]!, "REGISTERED", "COMMISSIONED", "MAINTENANCE", "DECOMMISSIONED"));
        var racks = summary["racks"]!.AsArray();
        Assert.Equal(2, racks.Count);
        Assert.Equal(("z1", "r1", 2, 1), Rack(racks[0]!));
        Assert.Equal(("z2", "r7", 1, 1), Rack(racks[1]!)); // fs-d is decommissioned: left out of its rack
        Assert.True(long.Parse(summary["revision"]!.ToString(), System.Globalization.CultureInfo.InvariantCulture) > 0);

        var conditions = summary["clusterConditions"]!.AsArray().Select(x => x!["type"]!.GetValue<string>()).ToList();
        Assert.Equal(["DisruptionGuard", "StartupGrace", "MembershipStoreUnreachable"], conditions);
        Assert.False(summary["clusterConditions"]![0]!["status"]!.GetValue<bool>());
        var silo = Assert.Single(summary["silos"]!.AsArray())!;
        Assert.Equal("ACTIVE", silo["status"]!.GetValue<string>());
        Assert.True(silo["self"]!.GetValue<bool>());
        Assert.False(summary["dashboard"]!["enabled"]!.GetValue<bool>());
        Assert.Equal("/dashboard", summary["dashboard"]!["path"]!.GetValue<string>());
    }

    [Fact]
    public async Task OpenApi_Document_DescribesTheSummaryAndTheNewListFilters()
    {
        var doc = await Server.GetAsync("/openapi/v1.json");
        Assert.NotNull(doc["paths"]!["/v1/fleet/summary"]!["get"]);
        var parameters = doc["paths"]!["/v1/nodes"]!["get"]!["parameters"]!.AsArray().Select(p => p!["name"]!.GetValue<string>()).ToList();
        Assert.Contains("health_status", parameters);
        Assert.Contains("search", parameters);
        Assert.Contains("zone", parameters);
        Assert.Contains("rack", parameters);
    }

    [Fact]
    public async Task Summary_Response_IsNotCachedByClients()
    {
        using var response = await Server.Client.GetAsync("/v1/fleet/summary");
        response.EnsureSuccessStatusCode();
        Assert.True(response.Headers.CacheControl!.NoStore);
        Assert.Equal("application/json", response.Content.Headers.ContentType!.MediaType);
    }

    /// <summary>The summary once <paramref name="settled"/> holds (it is cached for 1.5 s, so a change shows a refresh later).</summary>
    private async Task<JsonObject> SummaryAfterAsync(Func<JsonObject, bool> settled)
    {
        var deadline = DateTime.UtcNow + NodeManager.Testing.TestTimeout.Default;
        while (true)
        {
            var summary = await Server.GetAsync("/v1/fleet/summary");
            if (settled(summary))
            {
                return summary;
            }

            Assert.True(DateTime.UtcNow < deadline, "the summary never showed the change: " + summary.ToJsonString());
            await Task.Delay(200);
        }
    }

    private static (int, int, int, int) Counts(JsonNode counts, string a, string b, string c, string d) =>
        (counts[a]!.GetValue<int>(), counts[b]!.GetValue<int>(), counts[c]!.GetValue<int>(), counts[d]!.GetValue<int>());

    private static (string, string, int, int) Rack(JsonNode rack) =>
        (rack["zone"]!.GetValue<string>(), rack["rack"]!.GetValue<string>(), rack["total"]!.GetValue<int>(), rack["ready"]!.GetValue<int>());
}
