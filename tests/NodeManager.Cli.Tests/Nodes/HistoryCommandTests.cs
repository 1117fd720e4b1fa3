using NodeManager.Cli.Hosting;
using NodeManager.Cli.Tests.Infrastructure;

namespace NodeManager.Cli.Tests.Nodes;

public sealed class HistoryCommandTests(ServerFixture fixture) : CliTestBase(fixture)
{
    [Fact]
    public async Task History_NodeWithChanges_TableJsonAndYamlShowEveryEntryNewestFirst()
    {
        var created = await CreateNodeAsync();
        var name = (string)created["name"]!;
        var id = (string)created["id"]!;
        (await Nmctl.RunAsync("nodes", "update", name, "--veth", "veth9", "--label", "gpu=h100")).Ok();
        (await Nmctl.RunAsync("lifecycle", "transition", name, "--to", "commissioned", "--reason", "burn-in passed")).Ok();

        var table = (await Nmctl.RunAsync("nodes", "history", name)).Ok();
        var json = (await Nmctl.RunAsync("nodes", "history", id, "-o", "json")).Ok().Json();
        var yaml = (await Nmctl.RunAsync("nodes", "history", name, "--oldest-first", "-o", "yaml")).Ok().Yaml();

        var lines = table.Out.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.StartsWith("REVISION", lines[0]);
        Assert.Equal(4, lines.Length);
        Assert.Contains("LIFECYCLE_CHANGED", lines[1]);
        Assert.Contains("REGISTERED → COMMISSIONED: burn-in passed", lines[1]);
        Assert.Contains("UPDATED", lines[2]);
        Assert.Contains("changed veth,labels", lines[2]);
        Assert.Contains("CREATED", lines[3]);
        Assert.All(lines.Skip(1), line => Assert.Contains("anonymous", line));

        var entries = json["entries"]!.AsArray();
        Assert.Equal(["NODE_EVENT_TYPE_LIFECYCLE_CHANGED", "NODE_EVENT_TYPE_UPDATED", "NODE_EVENT_TYPE_CREATED"], entries.Select(e => (string)e!["kind"]!));
        Assert.Equal(["veth", "labels"], entries[1]!["changedFields"]!.AsArray().Select(f => (string)f!));
        var oldestFirst = ((List<object>)yaml["entries"]).Cast<Dictionary<object, object>>().ToList();
        Assert.Equal(entries.Select(e => (string)e!["revision"]!).Reverse(), oldestFirst.Select(e => (string)e["revision"]));
        Assert.Equal("burn-in passed", ((Dictionary<object, object>)oldestFirst[2]["lifecycle"])["reason"]);
    }

    [Fact]
    public async Task History_KindSinceAndLimit_NarrowTheEntries()
    {
        var created = await CreateNodeAsync();
        var name = (string)created["name"]!;
        for (var i = 0; i < 3; i++)
        {
            (await Nmctl.RunAsync("nodes", "update", name, "--label", $"round=r{i}")).Ok();
        }

        var updates = (await Nmctl.RunAsync("nodes", "history", name, "--kind", "updated", "-o", "json")).Ok().Json()["entries"]!.AsArray();
        var limited = (await Nmctl.RunAsync("nodes", "history", name, "--limit", "2", "-o", "json")).Ok().Json();
        var recent = (await Nmctl.RunAsync("nodes", "history", name, "--since", "1h", "--kind", "created,updated", "-o", "json")).Ok().Json()["entries"]!.AsArray();
        var future = (await Nmctl.RunAsync("nodes", "history", name, "--since", "2999-01-01T00:00:00Z", "-o", "json")).Ok().Json();

        Assert.Equal(3, updates.Count);
        Assert.All(updates, e => Assert.Equal("NODE_EVENT_TYPE_UPDATED", (string)e!["kind"]!));
        Assert.Equal(2, limited["entries"]!.AsArray().Count);
        Assert.NotEqual("", (string?)limited["nextPageToken"] ?? "");
        Assert.Equal(4, recent.Count);
        Assert.Empty(future["entries"]?.AsArray() ?? []);
    }

    [Fact]
    public async Task History_UnknownNodeOrBadFlag_ExitsNotFoundOrUsage()
    {
        var unknownId = await Nmctl.RunAsync("nodes", "history", Guid.NewGuid().ToString("D"));
        var unknownName = await Nmctl.RunAsync("nodes", "history", "no-such-node-anywhere");
        var badSince = await Nmctl.RunAsync("nodes", "history", "no-such-node-anywhere", "--since", "yesterday");
        var badKind = await Nmctl.RunAsync("nodes", "history", "no-such-node-anywhere", "--kind", "exploded");

        Assert.Equal(ExitCodes.NotFound, unknownId.ExitCode);
        Assert.Contains("not found", unknownId.Err);
        Assert.Equal(ExitCodes.NotFound, unknownName.ExitCode);
        Assert.Equal(ExitCodes.Usage, badSince.ExitCode);
        Assert.Contains("--since", badSince.Err);
        Assert.Equal(ExitCodes.Usage, badKind.ExitCode);
        Assert.Contains("--kind", badKind.Err);
    }

    [Fact]
    public async Task History_DeletedNode_StillShownByIdEndingWithTheDelete()
    {
        var created = await CreateNodeAsync();
        var id = (string)created["id"]!;
        (await Nmctl.RunAsync("nodes", "delete", id)).Ok();

        var entries = (await Nmctl.RunAsync("nodes", "history", id, "-o", "json")).Ok().Json()["entries"]!.AsArray();

        Assert.Equal(["NODE_EVENT_TYPE_DELETED", "NODE_EVENT_TYPE_CREATED"], entries.Select(e => (string)e!["kind"]!));
    }
}
