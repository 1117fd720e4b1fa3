using System.Text.Json.Nodes;
using NodeManager.Testing;
using NodeManager.Ui.Tests.Infrastructure;

namespace NodeManager.Ui.Tests.Api;

/// <summary>The fleet summary of a cluster of two silos (Redis membership, one PostgreSQL database), read from either.</summary>
public sealed class FleetSummaryClusterTests
{
    [ClusterFact]
    public async Task Summary_TwoSilos_EachListsBothSilosAndTheSameCounts()
    {
        var redis = RedisTestEnvironment.RequireEndpoint();
        await using var database = await PostgresTestDatabase.CreateAsync().WaitAsync(TestTimeout.Default);
        string[] cluster =
        [
            "--Orleans:Clustering:ProviderType=Redis",
            $"--Orleans:Clustering:ConnectionString={redis}",
            $"--Orleans:ClusterId=ui-test-{Guid.NewGuid():N}",
            "--Orleans:Endpoints:AdvertisedIPAddress=127.0.0.1",
            "--NodeManager:Storage:Provider=Postgres",
            $"--ConnectionStrings:NodeManager={database.ConnectionString}",
        ];
        await using var first = await UiServer.StartAsync(cluster);
        await using var second = await UiServer.StartAsync(cluster);

        // A node written through the first silo, heartbeated through the second; another never heard from.
        var beating = await first.CreateNodeAsync("cl-a", "10.11.0.1", zone: "z1", rack: "r1");
        await first.CreateNodeAsync("cl-b", "10.11.0.2", zone: "z1", rack: "r2");
        using (var beat = await second.Client.PostAsync($"/v1/nodes/{beating}/heartbeat", null))
        {
            beat.EnsureSuccessStatusCode();
        }

        var fromFirst = await SettledAsync(first);
        var fromSecond = await SettledAsync(second);
        foreach (var summary in (JsonObject[])[fromFirst, fromSecond])
        {
            Assert.Equal(2, summary["total"]!.GetValue<int>());
            Assert.Equal(1, summary["health"]!["READY"]!.GetValue<int>());
            Assert.Equal(1, summary["health"]!["UNKNOWN"]!.GetValue<int>());
            Assert.Equal(["r1", "r2"], summary["racks"]!.AsArray().Select(r => r!["rack"]!.GetValue<string>()));
            Assert.Single(summary["silos"]!.AsArray(), s => s!["self"]!.GetValue<bool>());
        }

        // Both list the same two silos, and each marks a different one as itself.
        Assert.Equal(Addresses(fromFirst), Addresses(fromSecond));
        Assert.NotEqual(Self(fromFirst), Self(fromSecond));
    }

    /// <summary>The summary once it lists two active silos, two nodes and one READY (bounded wait; the summary is cached 1.5 s).</summary>
    private static async Task<JsonObject> SettledAsync(UiServer server)
    {
        var deadline = DateTime.UtcNow + TestTimeout.Default;
        while (true)
        {
            var summary = await server.GetAsync("/v1/fleet/summary");
            var active = summary["silos"]!.AsArray().Count(s => s!["status"]!.GetValue<string>() == "ACTIVE");
            if (active == 2 && summary["total"]!.GetValue<int>() == 2 && summary["health"]!["READY"]!.GetValue<int>() == 1)
            {
                return summary;
            }

            Assert.True(DateTime.UtcNow < deadline, "the summary did not settle: " + summary.ToJsonString());
            await Task.Delay(250);
        }
    }

    private static List<string> Addresses(JsonObject summary) =>
        [.. summary["silos"]!.AsArray().Where(s => s!["status"]!.GetValue<string>() == "ACTIVE").Select(s => s!["address"]!.GetValue<string>()).Order(StringComparer.Ordinal)];

    private static string Self(JsonObject summary) =>
        summary["silos"]!.AsArray().Single(s => s!["self"]!.GetValue<bool>())!["address"]!.GetValue<string>();
}
