using System.Net;
using System.Net.Http.Headers;
using System.Text;
using NodeManager.Server.Tests.Infrastructure;
using NodeManager.Testing;
using static NodeManager.Server.Tests.Alcor.AlcorJson;

namespace NodeManager.Server.Tests.Alcor;

public abstract partial class AlcorApiTestsBase
{
    [StoreFact]
    public async Task RegisterBulk_HostInfos_RegistersAllAndReturnsThemInOrder()
    {
        var response = await Client.SendAsync(HttpMethod.Post, "/nodes/bulk", Bulk(HostInfo(Uuid, 9), HostInfo("h10", 10)));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var list = System.Text.Json.Nodes.JsonNode.Parse(await response.Content.ReadAsStringAsync())!.AsArray();
        Assert.Equal([Uuid, "h10"], list.Select(n => Field(n, "node_id")));
        Assert.Equal(2, await CountAsync());
    }

    [StoreFact]
    public async Task RegisterBulk_SameAgainOrChanged_IdenticalIsAcceptedChangedIs409AndWritesNothing()
    {
        var body = Bulk(HostInfo("h1", 1), HostInfo("h2", 2));
        Assert.Equal(HttpStatusCode.OK, (await Client.SendAsync(HttpMethod.Post, "/nodes/bulk", body)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await Client.SendAsync(HttpMethod.Post, "/nodes/bulk", body)).StatusCode);

        var changed = await Client.SendAsync(HttpMethod.Post, "/nodes/bulk", Bulk(HostInfo("h3", 3), HostInfo("h2", 2, ("veth", "eth7"))));
        Assert.Equal(HttpStatusCode.Conflict, changed.StatusCode);
        Assert.Equal(["host_infos[1].node_id"], ErrorFields(await Json.ReadAsync(changed)));
        Assert.Equal(2, await CountAsync());
        Assert.Equal("eth1", Field((await Json.ReadAsync(await Client.SendAsync(HttpMethod.Get, "/nodes/h2")))["host_info"], "veth"));
    }

    [StoreFact]
    public async Task RegisterBulk_DuplicateIdOrBadRow_RefusedNamingTheRowAndWritesNothing()
    {
        var duplicate = await Client.SendAsync(HttpMethod.Post, "/nodes/bulk", Bulk(HostInfo("h1", 1), HostInfo("h1", 2)));
        Assert.Equal(HttpStatusCode.Conflict, duplicate.StatusCode);
        Assert.Equal(["host_infos[1].node_id"], ErrorFields(await Json.ReadAsync(duplicate)));

        var bad = await Client.SendAsync(HttpMethod.Post, "/nodes/bulk", Bulk(HostInfo("h1", 1), HostInfo("h2", 2, ("local_ip", "10.0.0.256"))));
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        Assert.Equal(["host_infos[1].local_ip"], ErrorFields(await Json.ReadAsync(bad)));

        var wrongShape = await Client.SendAsync(HttpMethod.Post, "/nodes/bulk", "[]");
        Assert.Equal(["host_infos"], ErrorFields(await Json.ReadAsync(wrongShape)));
        Assert.Equal(0, await CountAsync());
    }

    [StoreFact]
    public async Task Upload_MultipartMachineFile_RegistersNodesAndReportsTotal()
    {
        using var form = new MultipartFormDataContent();
        var file = new ByteArrayContent(Encoding.UTF8.GetBytes(Bulk(HostInfo("h1", 1), HostInfo("h2", 2), HostInfo("h3", 3))));
        file.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        form.Add(file, "file", "machine.json");
        var response = await Client.PostAsync("/nodes/upload", form).WaitAsync(TestTimeout.Default);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var report = await Json.ReadAsync(response);
        Assert.Equal((3, 3), (report["total_nodes"]!.GetValue<int>(), report["created"]!.GetValue<int>()));
        Assert.Equal(["h1", "h2", "h3"], (await Json.ReadAsync(await Client.SendAsync(HttpMethod.Get, "/nodes")))["nodeInfos"]!.AsArray().Select(n => Field(n, "node_id")).Order());
    }

    [StoreFact]
    public async Task Upload_WithoutFilePart_Returns400NamingFile()
    {
        using var form = new MultipartFormDataContent { { new StringContent(Bulk(HostInfo("h1", 1))), "file2", "machine.json" } };
        var response = await Client.PostAsync("/nodes/upload", form).WaitAsync(TestTimeout.Default);
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal(["file"], ErrorFields(await Json.ReadAsync(response)));

        var notMultipart = await Client.SendAsync(HttpMethod.Post, "/nodes/upload", Bulk(HostInfo("h1", 1)));
        Assert.Equal(HttpStatusCode.BadRequest, notMultipart.StatusCode);
        Assert.Equal(0, await CountAsync());
    }

    [StoreFact]
    public async Task AlcorWrites_AppearInTheChangeFeedLikeNativeWrites()
    {
        var before = await Json.ReadAsync(await Client.SendAsync(HttpMethod.Get, "/v1/nodes"));
        await Client.SendAsync(HttpMethod.Post, "/nodes", Wrapped(HostInfo("h1", 1)));
        await Client.SendAsync(HttpMethod.Put, "/nodes/h1", Wrapped(HostInfo("h1", 1, ("veth", "eth2"))));
        await Client.SendAsync(HttpMethod.Delete, "/nodes/h1");
        var after = await Json.ReadAsync(await Client.SendAsync(HttpMethod.Get, "/v1/nodes"));
        Assert.Equal(3, long.Parse(Field(after, "revision")) - long.Parse(before["revision"]?.GetValue<string>() ?? "0"));
    }

    [StoreFact]
    public async Task OpenApi_Document_DescribesTheAlcorPaths()
    {
        var doc = await Json.ReadAsync(await Client.SendAsync(HttpMethod.Get, "/openapi/v1.json"));
        var paths = doc["paths"]!.AsObject();
        Assert.All(["/nodes", "/nodes/{nodeid}", "/nodes/bulk", "/nodes/upload"], path => Assert.True(paths.ContainsKey(path), path));
        Assert.Equal("AlcorListNodes", Field(paths["/nodes"]!["get"], "operationId"));
    }
}
