using NodeManager.Cli.Tests.Infrastructure;

namespace NodeManager.Cli.Tests.Events;

public sealed class EventsCommandTests(ServerFixture fixture) : CliTestBase(fixture)
{
    [Fact]
    public async Task Watch_FromTheStart_ReplaysTheNodesCreationInEveryFormat()
    {
        var created = await CreateNodeAsync();
        var name = (string)created["name"]!;
        var selector = $"test={Tag}";

        var json = (await Nmctl.RunAsync("events", "watch", "--after-revision", "0", "-l", selector, "--count", "1", "-o", "json")).Ok();
        var yaml = (await Nmctl.RunAsync("events", "watch", "--after-revision", "0", "-l", selector, "--count", "1", "-o", "yaml")).Ok();
        var table = (await Nmctl.RunAsync("events", "watch", "--after-revision", "0", "-l", selector, "--count", "1")).Ok();

        var e = Assert.Single(json.JsonLines());
        Assert.Equal(("NODE_EVENT_TYPE_CREATED", name), ((string)e["type"]!, (string)e["node"]!["name"]!));
        Assert.Contains("type: NODE_EVENT_TYPE_CREATED", yaml.Out);
        Assert.Contains($"name: {name}", yaml.Out);
        Assert.Contains("CREATED", table.Out);
        Assert.Contains(name, table.Out);
    }

    [Fact]
    public async Task Watch_ExcludeHealth_SkipsHealthChangesAndShowsTheTransition()
    {
        var created = await CreateNodeAsync();
        var id = (string)created["id"]!;
        await Heartbeats.SendAsync(Fixture, id);
        (await Nmctl.RunAsync("lifecycle", "transition", id, "--to", "commissioned", "--reason", "burn-in passed")).Ok();

        var result = (await Nmctl.RunAsync("events", "watch", "-l", $"test={Tag}", "--exclude-health", "--count", "2", "-o", "json")).Ok();

        Assert.Equal(["NODE_EVENT_TYPE_CREATED", "NODE_EVENT_TYPE_LIFECYCLE_CHANGED"], result.JsonLines().Select(e => (string)e["type"]!));
        Assert.Equal("burn-in passed", (string)result.JsonLines()[1]["transition"]!["reason"]!);
    }
}
