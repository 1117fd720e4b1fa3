using System.Net;
using System.Text.Json.Nodes;
using NodeManager.Server.Tests.Infrastructure;
using NodeManager.Testing;

namespace NodeManager.Server.Tests.Rest;

/// <summary><c>POST /v1/nodes:import</c>: validate → diff → apply, run against each store.</summary>
public abstract class ImportApiTestsBase : ServerTestBase
{
    private static string File(int count, Func<int, string>? row = null) =>
        "[" + string.Join(",", Enumerable.Range(0, count).Select(row ?? (i => Json.NodeJson(i)))) + "]";

    private async Task<(HttpStatusCode Status, JsonObject Report)> ImportAsync(string body, string query = "")
    {
        var response = await Client.SendAsync(HttpMethod.Post, "/v1/nodes:import" + query, body);
        return (response.StatusCode, await Json.ReadAsync(response));
    }

    private static int Summary(JsonObject report, string key) => report["summary"]![key]!.GetValue<int>();

    [StoreFact]
    public async Task Import_SameFileTwice_CreatesThenChangesNothing()
    {
        var file = File(50);
        var (status, first) = await ImportAsync(file);
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.True(first["applied"]!.GetValue<bool>());
        Assert.Equal(50, Summary(first, "created"));

        var before = await Json.ReadAsync(await Client.SendAsync(HttpMethod.Get, "/v1/nodes?page_size=1000"));
        var (_, second) = await ImportAsync(file);
        Assert.Equal(50, Summary(second, "unchanged"));
        Assert.Equal(0, Summary(second, "created") + Summary(second, "updated"));
        var after = await Json.ReadAsync(await Client.SendAsync(HttpMethod.Get, "/v1/nodes?page_size=1000"));
        Assert.Equal(before.ToJsonString(), after.ToJsonString());
    }

    [StoreFact]
    public async Task Import_DryRun_ReportsPlanAndWritesNothing()
    {
        await CreateAsync(0);
        var (status, report) = await ImportAsync(File(3, i => Json.NodeJson(i, i == 0 ? ",\"veth\":\"v0\"" : "")), "?dry_run=true");
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.False(report["applied"]!.GetValue<bool>());
        Assert.Equal(["IMPORT_ACTION_UPDATE", "IMPORT_ACTION_CREATE", "IMPORT_ACTION_CREATE"],
            report["rows"]!.AsArray().Select(r => r!["action"]!.GetValue<string>()));
        Assert.Equal(1, await CountAsync());
    }

    [StoreFact]
    public async Task Import_AllOrNothingWithBadRows_Returns422ReportsEveryBadRowAndWritesNothing()
    {
        var rows = Enumerable.Range(0, 6).Select(i => i switch
        {
            2 => """{"name":"bad-ip","ip":"10.0.0.300"}""",
            4 => """{"name":"node-0","ip":"10.200.0.1"}""",
            5 => """{"name":"typed","ip":"10.200.0.2","agentPort":true}""",
            _ => Json.NodeJson(i),
        });
        var (status, report) = await ImportAsync("[" + string.Join(",", rows) + "]");
        Assert.Equal(HttpStatusCode.UnprocessableEntity, status);
        Assert.False(report["applied"]!.GetValue<bool>());
        var bad = report["rows"]!.AsArray().Where(r => r!["violations"]!.AsArray().Count > 0)
            .Select(r => (r!["row"]!.GetValue<int>(), r["action"]!.GetValue<string>(), r["violations"]![0]!["field"]!.GetValue<string>())).ToList();
        Assert.Equal([(3, "IMPORT_ACTION_INVALID", "ip"), (5, "IMPORT_ACTION_CONFLICT", "name"), (6, "IMPORT_ACTION_INVALID", "agent_port")], bad);
        Assert.Equal(0, await CountAsync());
    }

    [StoreFact]
    public async Task Import_BestEffortWithBadRows_AppliesTheGoodOnes()
    {
        var (status, report) = await ImportAsync("""{"nodes":[{"name":"a","ip":"10.0.0.1"},{"name":"b","ip":"bad"},{"name":"c","ip":"10.0.0.1"}],"mode":"IMPORT_MODE_BEST_EFFORT"}""");
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.True(report["applied"]!.GetValue<bool>());
        Assert.Equal((1, 1, 1), (Summary(report, "created"), Summary(report, "invalid"), Summary(report, "conflicts")));
        Assert.Equal(1, await CountAsync());
    }

    [StoreFact]
    public async Task Import_AlcorHostInfos_LoadsWithStableIdsAndAlcorFieldNames()
    {
        const string alcor = """
            {"host_infos":[
              {"node_id":"node1","node_name":"node1","local_ip":"10.213.43.161","mac_address":"90:17:ac:c1:34:64","veth":"eth0","server_port":50001,"host_dvr_mac":"02:00:00:00:00:01","data-path-ip":"192.168.0.1","ncm_id":"ncm1"},
              {"node_id":"f0000000-0000-4000-8000-000000000002","node_name":"node2","local_ip":"10.213.43.162","mac_address":"90:17:ac:c1:34:65","veth":"eth0","server_port":"50001"}
            ]}
            """;
        var (status, report) = await ImportAsync(alcor);
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal(2, Summary(report, "created"));
        var ids = report["rows"]!.AsArray().Select(r => r!["id"]!.GetValue<string>()).ToList();
        Assert.Equal("f0000000-0000-4000-8000-000000000002", ids[1]);

        var node = await Json.ReadAsync(await Client.SendAsync(HttpMethod.Get, $"/v1/nodes/{ids[0]}"));
        Assert.Equal(("10.213.43.161", "90:17:ac:c1:34:64", 50001, "192.168.0.1"),
            (node["ip"]!.GetValue<string>(), node["mac"]!.GetValue<string>(), node["agentPort"]!.GetValue<int>(), node["dataPathIp"]!.GetValue<string>()));
        Assert.Equal("node1", node["labels"]!["alcor-node-id"]!.GetValue<string>());

        var (_, again) = await ImportAsync(alcor);
        Assert.Equal(2, Summary(again, "unchanged"));

        var (badStatus, bad) = await ImportAsync("""{"host_infos":[{"node_id":"n3","node_name":"node3","local_ip":"10.213.43.999"}]}""");
        Assert.Equal(HttpStatusCode.UnprocessableEntity, badStatus);
        Assert.Equal("local_ip", bad["rows"]![0]!["violations"]![0]!["field"]!.GetValue<string>());
    }

    [StoreFact]
    public async Task Import_UnknownShapeOrMalformed_Returns400()
    {
        var response = await Client.SendAsync(HttpMethod.Post, "/v1/nodes:import", """{"servers":[]}""");
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await Client.SendAsync(HttpMethod.Post, "/v1/nodes:import", "[{")).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await Client.SendAsync(HttpMethod.Post, "/v1/nodes:import?mode=sometimes", "[]")).StatusCode);
    }
}
