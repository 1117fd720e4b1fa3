using NodeManager.Cli.Tests.Infrastructure;

namespace NodeManager.Cli.Tests.Cluster;

public sealed class ClusterCommandTests(ServerFixture fixture) : CliTestBase(fixture)
{
    [Fact]
    public async Task Status_CountsTheNodesByHealthAndLifecycleInEveryFormat()
    {
        var id = (string)(await CreateNodeAsync())["id"]!;
        await Heartbeats.SendAsync(Fixture, id);

        var json = (await Nmctl.RunAsync("cluster", "status", "-o", "json")).Ok().Json();
        var yaml = (await Nmctl.RunAsync("cluster", "status", "-o", "yaml")).Ok().Yaml();
        var table = (await Nmctl.RunAsync("cluster", "status")).Ok();

        Assert.Equal("SERVING", (string)json["serving"]!);
        var nodes = (int)json["nodes"]!;
        Assert.True(nodes >= 1);
        Assert.True((int)json["health"]!["READY"]! >= 1);
        Assert.Equal(nodes, json["lifecycle"]!.AsObject().Sum(s => (int)s.Value!));
        Assert.Equal(nodes, json["health"]!.AsObject().Sum(s => (int)s.Value!));
        Assert.Equal("SERVING", yaml["serving"]);
        Assert.Contains(Fixture.Server.Grpc.ToString(), table.Out);
        Assert.Contains("READY", table.Out);
    }
}
