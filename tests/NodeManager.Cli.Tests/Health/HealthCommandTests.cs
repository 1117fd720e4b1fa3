using NodeManager.Cli.Hosting;
using NodeManager.Cli.Tests.Infrastructure;
using NodeManager.Contracts.V1;

namespace NodeManager.Cli.Tests.Health;

public sealed class HealthCommandTests(ServerFixture fixture) : CliTestBase(fixture)
{
    [Fact]
    public async Task Get_ANodeNeverHeardFrom_IsUnknownInEveryFormat()
    {
        var created = await CreateNodeAsync();
        var id = (string)created["id"]!;

        var table = (await Nmctl.RunAsync("health", "get", (string)created["name"]!)).Ok();
        var json = (await Nmctl.RunAsync("health", "get", id, "-o", "json")).Ok().Json();
        var yaml = (await Nmctl.RunAsync("health", "get", id, "-o", "yaml")).Ok().Yaml();

        var row = table.Out.Split('\n')[1];
        Assert.Contains(id, row);
        Assert.Contains("UNKNOWN", row);
        Assert.Equal((id, "HEALTH_STATUS_UNKNOWN"), ((string)json["nodeId"]!, (string)json["status"]!));
        Assert.Equal("HEALTH_STATUS_UNKNOWN", yaml["status"]);
    }

    [Fact]
    public async Task Get_AfterAHeartbeat_IsReadyDecidedByTheHeartbeat()
    {
        var id = (string)(await CreateNodeAsync())["id"]!;
        var ack = await Heartbeats.SendAsync(Fixture, id);
        Assert.Equal(HealthStatus.Ready, ack.Status);

        var json = (await Nmctl.RunAsync("health", "get", id, "-o", "json")).Ok().Json();

        Assert.Equal(("HEALTH_STATUS_READY", "DECIDED_BY_HEARTBEAT"), ((string)json["status"]!, (string)json["decidedBy"]!));
    }

    [Fact]
    public async Task List_ByStatus_ListsTheNodeAndTheClusterConditions()
    {
        var id = (string)(await CreateNodeAsync())["id"]!;

        var json = (await Nmctl.RunAsync("health", "list", "--status", "unknown", "-o", "json")).Ok().Json();
        var table = (await Nmctl.RunAsync("health", "list", "--status", "UNKNOWN")).Ok();

        Assert.Contains(json["health"]!.AsArray(), h => (string)h!["nodeId"]! == id);
        Assert.All(json["health"]!.AsArray(), h => Assert.Equal("HEALTH_STATUS_UNKNOWN", (string)h!["status"]!));
        Assert.False(string.IsNullOrEmpty((string?)json["revision"]));
        Assert.Contains(id, table.Out);
    }

    [Fact]
    public async Task Watch_AfterARevision_PrintsTheNodesHealthTransitionAsAJsonLine()
    {
        var revision = (string?)(await Nmctl.RunAsync("health", "list", "--limit", "1", "-o", "json")).Ok().Json()["revision"] ?? "0";
        var id = (string)(await CreateNodeAsync())["id"]!;
        await Heartbeats.SendAsync(Fixture, id);

        var result = (await Nmctl.RunAsync("health", "watch", "--after-revision", revision, "-l", $"test={Tag}", "--count", "1", "-o", "json")).Ok();

        var e = Assert.Single(result.JsonLines());
        Assert.Equal((id, "HEALTH_STATUS_READY"), ((string)e["health"]!["nodeId"]!, (string)e["health"]!["status"]!));
        Assert.True(long.Parse((string)e["revision"]!, System.Globalization.CultureInfo.InvariantCulture) > long.Parse(revision, System.Globalization.CultureInfo.InvariantCulture));
    }

    [Fact]
    public async Task Get_UnknownName_ExitsNotFoundNamingIt()
    {
        var result = await Nmctl.RunAsync("health", "get", "no-such-node-" + Tag);

        Assert.Equal(ExitCodes.NotFound, result.ExitCode);
        Assert.Contains("no-such-node-" + Tag, result.Err);
    }
}
