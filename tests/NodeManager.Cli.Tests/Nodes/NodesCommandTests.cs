using NodeManager.Cli.Hosting;
using NodeManager.Cli.Tests.Infrastructure;

namespace NodeManager.Cli.Tests.Nodes;

public sealed class NodesCommandTests(ServerFixture fixture) : CliTestBase(fixture)
{
    [Fact]
    public async Task Create_WithFlags_WritesEveryFieldAndGetByNameShowsItInTheTable()
    {
        var (name, ip, mac) = NewAddresses();
        var created = (await Nmctl.RunAsync("nodes", "create", "--name", name, "--ip", ip, "--mac", mac, "--veth", "veth0", "--zone", "a", "--rack", "r1",
            "--label", "env=prod", "--label", $"test={Tag}", "--cpu", "64", "--memory", "256Gi", "--device", "gpu:A100:4", "--agent-port", "50001", "-o", "json")).Ok().Json();

        Assert.Equal((name, ip, mac, "veth0"), ((string)created["name"]!, (string)created["ip"]!, (string)created["mac"]!, (string)created["veth"]!));
        Assert.Equal(("a", "r1"), ((string)created["location"]!["zone"]!, (string)created["location"]!["rack"]!));
        Assert.Equal("prod", (string)created["labels"]!["env"]!);
        Assert.Equal(("64000", "274877906944"), ((string)created["capacity"]!["cpuMilliCores"]!, (string)created["capacity"]!["memoryBytes"]!));
        Assert.Equal(("DEVICE_KIND_GPU", "A100", 4), ((string)created["devices"]![0]!["kind"]!, (string)created["devices"]![0]!["model"]!, (int)created["devices"]![0]!["count"]!));
        Assert.Equal((50001, "LIFECYCLE_STATE_REGISTERED", "1"), ((int)created["agentPort"]!, (string)created["lifecycleState"]!, (string)created["version"]!));

        var table = (await Nmctl.RunAsync("nodes", "get", name)).Ok();
        var lines = table.Out.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.StartsWith("NAME", lines[0]);
        Assert.Contains(name, lines[1]);
        Assert.Contains((string)created["id"]!, lines[1]);
        Assert.Contains("REGISTERED", lines[1]);
    }

    [Fact]
    public async Task Get_JsonAndYaml_CarryTheSameValues()
    {
        var created = await CreateNodeAsync("--cpu", "8");
        var id = (string)created["id"]!;

        var json = (await Nmctl.RunAsync("nodes", "get", id, "-o", "json")).Ok().Json();
        var yaml = (await Nmctl.RunAsync("nodes", "get", id, "-o", "yaml")).Ok().Yaml();

        Assert.Equal((string)created["name"]!, (string)json["name"]!);
        Assert.Equal((string)created["name"]!, yaml["name"]);
        Assert.Equal((string)created["ip"]!, yaml["ip"]);
        Assert.Equal("8000", ((Dictionary<object, object>)yaml["capacity"])["cpuMilliCores"]);
        Assert.Equal(Tag, ((Dictionary<object, object>)yaml["labels"])["test"]);
        Assert.Equal("LIFECYCLE_STATE_REGISTERED", yaml["lifecycleState"]);
    }

    [Fact]
    public async Task List_WithSelectorAndLimit_PagesAndFilters()
    {
        for (var i = 0; i < 3; i++)
        {
            await CreateNodeAsync();
        }

        var all = (await Nmctl.RunAsync("nodes", "list", "-l", $"test={Tag}", "--page-size", "1", "-o", "json")).Ok().Json();
        Assert.Equal(3, all["nodes"]!.AsArray().Count);
        Assert.All(all["nodes"]!.AsArray(), n => Assert.Equal(Tag, (string)n!["labels"]!["test"]!));
        Assert.Null(all["nextPageToken"]);

        var limited = (await Nmctl.RunAsync("nodes", "list", "-l", $"test={Tag}", "--page-size", "1", "--limit", "2", "-o", "json")).Ok().Json();
        Assert.Equal(2, limited["nodes"]!.AsArray().Count);
        Assert.False(string.IsNullOrEmpty((string?)limited["nextPageToken"]));

        var table = (await Nmctl.RunAsync("nodes", "list", "-l", $"test={Tag}")).Ok();
        Assert.Equal(4, table.Out.Split('\n', StringSplitOptions.RemoveEmptyEntries).Length);
    }

    [Fact]
    public async Task Update_ChangesOnlyTheGivenFieldsAtTheVersionRead()
    {
        var created = await CreateNodeAsync("--veth", "veth0", "--label", "draining=yes");
        var name = (string)created["name"]!;

        var updated = (await Nmctl.RunAsync("nodes", "update", name, "--veth", "veth1", "--label", "gpu=h100", "--remove-label", "draining", "-o", "json")).Ok().Json();

        Assert.Equal(("veth1", (string)created["ip"]!, "2"), ((string)updated["veth"]!, (string)updated["ip"]!, (string)updated["version"]!));
        Assert.Equal("h100", (string)updated["labels"]!["gpu"]!);
        Assert.Null(updated["labels"]!["draining"]);
    }

    [Fact]
    public async Task Update_StaleExpectedVersion_ExitsConflict()
    {
        var created = await CreateNodeAsync();

        var result = await Nmctl.RunAsync("nodes", "update", (string)created["id"]!, "--veth", "veth9", "--expected-version", "7");

        Assert.Equal(ExitCodes.Conflict, result.ExitCode);
        Assert.StartsWith("error: ", result.Err);
    }

    [Fact]
    public async Task Delete_ThenGet_ExitsNotFoundNamingTheNode()
    {
        var created = await CreateNodeAsync();
        var name = (string)created["name"]!;
        var id = (string)created["id"]!;

        var deleted = (await Nmctl.RunAsync("nodes", "delete", name)).Ok();
        Assert.Contains(id, deleted.Out);

        var byName = await Nmctl.RunAsync("nodes", "get", name);
        Assert.Equal(ExitCodes.NotFound, byName.ExitCode);
        Assert.Contains(name, byName.Err);

        var byId = await Nmctl.RunAsync("nodes", "get", id, "-o", "json");
        Assert.Equal(ExitCodes.NotFound, byId.ExitCode);
        Assert.Contains(id, byId.Err);
        Assert.Equal("", byId.Out);
    }

    [Fact]
    public async Task Create_DuplicateName_ExitsConflictNamingTheOtherNode()
    {
        var created = await CreateNodeAsync();
        var (_, ip, _) = NewAddresses();

        var result = await Nmctl.RunAsync("nodes", "create", "--name", (string)created["name"]!, "--ip", ip);

        Assert.Equal(ExitCodes.Conflict, result.ExitCode);
        Assert.Contains((string)created["id"]!, result.Err);
    }

    [Fact]
    public async Task Create_InvalidIp_ExitsInvalidNamingTheField()
    {
        var (name, _, _) = NewAddresses();

        var result = await Nmctl.RunAsync("nodes", "create", "--name", name, "--ip", "10.0.0.256");

        Assert.Equal(ExitCodes.Invalid, result.ExitCode);
        Assert.Contains("ip", result.Err);
        Assert.Single(result.Err.Split('\n', StringSplitOptions.RemoveEmptyEntries));
    }

    [Fact]
    public async Task Create_FromFile_FlagsOverrideTheFile()
    {
        var (name, ip, _) = NewAddresses();
        var file = Path.Combine(Fixture.Home, $"{name}.json");
        await File.WriteAllTextAsync(file, $$$"""{"name":"{{{name}}}","ip":"10.0.0.1","veth":"veth3","devices":[{"kind":"GPU","model":"H100","count":8}],"labels":{"test":"{{{Tag}}}"}}""");

        var created = (await Nmctl.RunAsync("nodes", "create", "-f", file, "--ip", ip, "-o", "json")).Ok().Json();

        Assert.Equal((name, ip, "veth3", "DEVICE_KIND_GPU"), ((string)created["name"]!, (string)created["ip"]!, (string)created["veth"]!, (string)created["devices"]![0]!["kind"]!));
    }
}
