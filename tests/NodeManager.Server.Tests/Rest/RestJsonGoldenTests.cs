using System.Runtime.CompilerServices;
using System.Text.RegularExpressions;
using NodeManager.Server.Tests.Infrastructure;

namespace NodeManager.Server.Tests.Rest;

/// <summary>
/// The REST JSON output, byte for byte, against files written by the build before the Google.Protobuf bump
/// (3.25.1 → 3.36.2). Times and revisions vary from run to run and are masked; everything else must match.
/// Set <c>NODEMANAGER_UPDATE_GOLDEN=1</c> to rewrite the files (only when a change of output is intended).
/// </summary>
public sealed partial class RestJsonGoldenTests : ServerTestBase
{
    private const string Id = "3fa85f64-5717-4562-b3fc-2c963f66afa6";

    private const string FullNode =
        """{"id":"3fa85f64-5717-4562-b3fc-2c963f66afa6","name":"r1-n07","ip":"10.0.1.7","mac":"0a:1b:2c:3d:4e:07","veth":"veth0","dataPathIp":"192.168.1.7","managementAddress":"10.9.1.7","agentPort":50001,"hostDvrMac":"0a:1b:2c:3d:4e:08","serialNumber":"SN-7","location":{"region":"us-west","zone":"a","rack":"r1","position":"u7"},"labels":{"env":"prod","gpu":"a100"},"capacity":{"cpuMilliCores":"64000","memoryBytes":"274877906944","storageBytes":"4000000000000"},"devices":[{"kind":"GPU","model":"A100","count":4,"attributes":{"slot":"3"}}]}""";

    protected override bool UsePostgres => false;

    [Fact]
    public async Task RestOutput_ForEveryMessageShape_MatchesTheGoldenFiles()
    {
        var outputs = new List<(string Name, string Body)>();
        async Task Capture(string name, HttpMethod method, string path, string? body = null, string? ifMatch = null)
        {
            var response = await Client.SendAsync(method, path, body, ifMatch);
            outputs.Add((name, $"{(int)response.StatusCode} {response.Content.Headers.ContentType?.MediaType}\n{await response.Content.ReadAsStringAsync()}"));
        }

        await Capture("create", HttpMethod.Post, "/v1/nodes", FullNode);
        await Capture("get", HttpMethod.Get, $"/v1/nodes/{Id}");
        await Capture("list", HttpMethod.Get, "/v1/nodes?page_size=10");
        await Capture("update", HttpMethod.Put, $"/v1/nodes/{Id}", FullNode.Replace("\"veth0\"", "\"veth1\""), "\"1\"");
        await Capture("update-stale", HttpMethod.Put, $"/v1/nodes/{Id}", FullNode, "\"1\"");
        await Capture("create-invalid", HttpMethod.Post, "/v1/nodes", """{"name":"a","ip":"10.0.0.999"}""");
        await Capture("create-duplicate", HttpMethod.Post, "/v1/nodes", """{"name":"other","ip":"10.0.1.7"}""");
        await Capture("batch-get", HttpMethod.Post, "/v1/nodes:batchGet", $$"""{"ids":["{{Id}}","4fa85f64-5717-4562-b3fc-2c963f66afa6"]}""");
        await Capture("import-dry-run", HttpMethod.Post, "/v1/nodes:import?dry_run=true",
            """[{"name":"imp-1","ip":"10.0.2.1"},{"name":"imp-2","ip":"10.0.2.999"},{"name":"imp-3","ip":"10.0.1.7"}]""");
        await Capture("heartbeat", HttpMethod.Post, $"/v1/nodes/{Id}/heartbeat", """{"seq":"7","conditions":[{"type":"DiskPressure","status":false,"reason":"ok","message":"fine"}]}""");
        await Capture("health", HttpMethod.Get, $"/v1/nodes/{Id}/health");
        await Capture("health-list", HttpMethod.Get, "/v1/health");
        await Capture("get-missing", HttpMethod.Get, "/v1/nodes/4fa85f64-5717-4562-b3fc-2c963f66afa6");

        var actual = Mask(string.Join("\n\n", outputs.Select(o => $"### {o.Name}\n{o.Body}"))) + "\n";
        var path = Path.Combine(SourceDirectory(), "Golden", "rest-output.txt");
        if (Environment.GetEnvironmentVariable("NODEMANAGER_UPDATE_GOLDEN") == "1")
        {
            await File.WriteAllTextAsync(path, actual);
        }

        Assert.Equal(await File.ReadAllTextAsync(path), actual);
    }

    /// <summary>Masks what differs between runs: RFC 3339 times, revisions and generated (version 7) ids.</summary>
    private static string Mask(string text) =>
        GeneratedId().Replace(Revision().Replace(Time().Replace(text, "<time>"), "\"$1\":\"<revision>\""), "<generated-id>");

    private static string SourceDirectory([CallerFilePath] string path = "") => Path.GetDirectoryName(path)!;

    [GeneratedRegex(@"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?Z")]
    private static partial Regex Time();

    [GeneratedRegex("[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[0-9a-f]{4}-[0-9a-f]{12}")]
    private static partial Regex GeneratedId();

    [GeneratedRegex("\"(revision|createRevision|updateRevision|modRevision)\":\"\\d+\"")]
    private static partial Regex Revision();
}
