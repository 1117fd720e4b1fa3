using System.Text.Json.Nodes;
using NodeManager.Cli.Hosting;
using NodeManager.Cli.Import;
using NodeManager.Cli.Tests.Infrastructure;

namespace NodeManager.Cli.Tests.Nodes;

public sealed class ImportCommandTests(ServerFixture fixture) : CliTestBase(fixture)
{
    private string NodeArray(int count, Func<int, string>? extra = null) => "[" + string.Join(",", Enumerable.Range(0, count).Select(i =>
    {
        var (name, ip, mac) = NewAddresses();
        return $$$"""{"name":"{{{name}}}","ip":"{{{ip}}}","mac":"{{{mac}}}","labels":{"test":"{{{Tag}}}"}{{{extra?.Invoke(i)}}}}""";
    })) + "]";

    private async Task<string> WriteAsync(string content)
    {
        var path = Path.Combine(Fixture.Home, Tag + "-" + Guid.NewGuid().ToString("N")[..6] + ".json");
        await File.WriteAllTextAsync(path, content);
        return path;
    }

    private async Task<int> CountTaggedAsync() =>
        (await Nmctl.RunAsync("nodes", "list", "-l", $"test={Tag}", "-o", "json")).Ok().Json()["nodes"]?.AsArray().Count ?? 0;

    [Fact]
    public async Task DryRun_ReportsEveryRowAndWritesNothing()
    {
        var file = await WriteAsync(NodeArray(3));

        var report = (await Nmctl.RunAsync("nodes", "import", file, "--dry-run", "-o", "json")).Ok().Json();

        Assert.True((bool)report["dryRun"]!);
        Assert.Null(report["applied"]);
        Assert.Equal(3, (int)report["summary"]!["created"]!);
        Assert.Equal([1, 2, 3], report["rows"]!.AsArray().Select(r => (int)r!["row"]!));
        Assert.All(report["rows"]!.AsArray(), r => Assert.Equal("IMPORT_ACTION_CREATE", (string)r!["action"]!));
        Assert.Equal(0, await CountTaggedAsync());
    }

    [Fact]
    public async Task Apply_WritesTheNodesAndReportsRowsPerSecondOnStderr()
    {
        var file = await WriteAsync(NodeArray(4));

        var result = (await Nmctl.RunAsync("nodes", "import", file)).Ok();

        Assert.Contains("4 rows: 4 create", result.Out);
        Assert.Contains("4/4 rows", result.Err);
        Assert.Contains("rows/s", result.Err);
        Assert.Equal(4, await CountTaggedAsync());

        var again = (await Nmctl.RunAsync("nodes", "import", file, "-o", "json")).Ok().Json();
        Assert.Equal(4, (int)again["summary"]!["unchanged"]!);
    }

    [Fact]
    public async Task Apply_OnATerminal_DrawsTheLiveBarAndEndsWithTheSummary()
    {
        Nmctl.ErrIsTerminal = true;
        var file = await WriteAsync(NodeArray(2));

        var result = (await Nmctl.RunAsync("nodes", "import", file, "--batch-size", "1")).Ok();

        Assert.Contains("importing: 2/2 rows", result.Err);
        Assert.Equal(2, await CountTaggedAsync());
    }

    [Fact]
    public async Task BadRow_AllOrNothing_WritesNothingAndExitsConflictNamingTheRow()
    {
        var file = await WriteAsync(NodeArray(3, i => i == 1 ? ""","veth":"veth0","dataPathIp":"not-an-ip" """ : ""));

        var result = await Nmctl.RunAsync("nodes", "import", file);

        Assert.Equal(ExitCodes.Conflict, result.ExitCode);
        Assert.Contains("refused, nothing written", result.Out);
        var row = result.Out.Split('\n').Single(l => l.StartsWith("2 ", StringComparison.Ordinal));
        Assert.Contains("INVALID", row);
        Assert.Contains("data_path_ip", row);
        Assert.Equal(0, await CountTaggedAsync());
    }

    [Fact]
    public async Task BadRow_BestEffort_AppliesTheGoodRows()
    {
        var file = await WriteAsync(NodeArray(3, i => i == 2 ? ""","dataPathIp":"not-an-ip" """ : ""));

        var report = await Nmctl.RunAsync("nodes", "import", file, "--mode", "best-effort", "-o", "json");

        Assert.Equal(ExitCodes.Conflict, report.ExitCode);
        Assert.True((bool)report.Json()["applied"]!);
        Assert.Equal(2, await CountTaggedAsync());
    }

    [Fact]
    public async Task ManyBatches_AllOrNothing_ChecksThenAppliesWithTheFilesRowNumbers()
    {
        var file = await WriteAsync(NodeArray(5));

        var report = (await Nmctl.RunAsync("nodes", "import", file, "--batch-size", "2", "-o", "json")).Ok();

        var json = report.Json();
        Assert.True((bool)json["applied"]!);
        Assert.Equal([1, 2, 3, 4, 5], json["rows"]!.AsArray().Select(r => (int)r!["row"]!));
        Assert.Contains("checking: 5/5 rows", report.Err);
        Assert.Contains("importing: 5/5 rows", report.Err);
        Assert.Equal(5, await CountTaggedAsync());
    }

    [Fact]
    public async Task ManyBatches_ANameRepeatedInALaterBatch_IsRefusedNamingTheEarlierRow()
    {
        var nodes = JsonNode.Parse(NodeArray(4))!.AsArray();
        nodes[3]!["name"] = (string)nodes[0]!["name"]!;
        var file = await WriteAsync(nodes.ToJsonString());

        var result = await Nmctl.RunAsync("nodes", "import", file, "--batch-size", "2", "-o", "json");

        Assert.Equal(ExitCodes.Conflict, result.ExitCode);
        var row4 = result.Json()["rows"]!.AsArray().Single(r => (int)r!["row"]! == 4)!;
        Assert.Equal("IMPORT_ACTION_CONFLICT", (string)row4["action"]!);
        Assert.Contains("row 1", (string)row4["violations"]![0]!["description"]!);
        Assert.Equal(0, await CountTaggedAsync());
    }

    [Fact]
    public async Task AlcorFile_FromStandardInput_GetsTheServersNameBasedIdsAndLabel()
    {
        var (name, ip, mac) = NewAddresses();
        var alcorId = "alcor-" + Tag;
        Nmctl.Stdin = $$"""{"host_infos":[{"node_id":"{{alcorId}}","node_name":"{{name}}","local_ip":"{{ip}}","mac_address":"{{mac}}","server_port":"50001"}]}""";

        (await Nmctl.RunAsync("nodes", "import", "-")).Ok();

        var node = (await Nmctl.RunAsync("nodes", "get", name, "-o", "json")).Ok().Json();
        Assert.Equal(NodeManager.Core.Import.AlcorIds.NameBased(alcorId).ToString("D"), (string)node["id"]!);
        Assert.Equal(alcorId, (string)node["labels"]![AlcorRows.IdLabel]!);
        Assert.Equal(50001, (int)node["agentPort"]!);
    }

    [Fact]
    public async Task ImportRequestFile_ItsDryRunIsHonoured()
    {
        var file = await WriteAsync($$"""{"nodes":{{NodeArray(2)}},"dryRun":true}""");

        var report = (await Nmctl.RunAsync("nodes", "import", file, "-o", "yaml")).Ok().Yaml();

        Assert.Equal("true", report["dryRun"]);
        Assert.Equal(0, await CountTaggedAsync());
    }

    [Fact]
    public async Task NotJson_IsAUsageErrorNamingTheFile()
    {
        var file = await WriteAsync("name,ip\nx,10.0.0.1\n");

        var result = await Nmctl.RunAsync("nodes", "import", file);

        Assert.Equal(ExitCodes.Usage, result.ExitCode);
        Assert.Contains(file, result.Err);
        Assert.Contains("malformed JSON", result.Err);
    }
}
