using System.Net;
using NodeManager.Server.Import;
using NodeManager.Server.Tests.Infrastructure;
using NodeManager.Testing;
using static NodeManager.Server.Tests.Alcor.AlcorJson;

namespace NodeManager.Server.Tests.Alcor;

/// <summary>Alcor's node manager contract (<c>/nodes</c>) over real HTTP, run against each store.</summary>
public abstract partial class AlcorApiTestsBase : ServerTestBase
{
    private const string Uuid = "c2b79aca-316e-4ce8-a8ac-815e2de1f129";

    [StoreFact]
    public async Task CreateNode_HostInfo_Returns201WithHostInfoAndIsAVersion1Node()
    {
        var response = await Client.SendAsync(HttpMethod.Post, "/nodes", Wrapped(HostInfo(Uuid, 9)));
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var info = (await Json.ReadAsync(response))["host_info"];
        Assert.Equal((Uuid, "compute9", "10.213.43.9", "aa:bb:cc:00:00:09", "eth1", 50001, "192.168.43.9"),
            (Field(info, "node_id"), Field(info, "node_name"), Field(info, "local_ip"), Field(info, "mac_address"), Field(info, "veth"),
             info!["server_port"]!.GetValue<int>(), Field(info, "data-path-ip")));

        var native = await Json.ReadAsync(await Client.SendAsync(HttpMethod.Get, $"/v1/nodes/{Uuid}"));
        Assert.Equal(("compute9", "1", "LIFECYCLE_STATE_REGISTERED"), (Field(native, "name"), Field(native, "version"), Field(native, "lifecycleState")));
    }

    [StoreFact]
    public async Task GetNodes_ByNodeName_ReturnsNodeInfosWrapperAsThePortManagerReadsIt()
    {
        foreach (var i in new[] { 1, 2, 3 })
        {
            Assert.Equal(HttpStatusCode.Created, (await Client.SendAsync(HttpMethod.Post, "/nodes", Wrapped(HostInfo($"h{i}", i)))).StatusCode);
        }

        var one = await Json.ReadAsync(await Client.SendAsync(HttpMethod.Get, "/nodes?node_name=compute2"));
        var info = Assert.Single(one["nodeInfos"]!.AsArray());
        Assert.Equal(("h2", "10.213.43.2"), (Field(info, "node_id"), Field(info, "local_ip")));

        var two = await Json.ReadAsync(await Client.SendAsync(HttpMethod.Get, "/nodes?node_name=compute1&node_name=COMPUTE3"));
        Assert.Equal(["h1", "h3"], two["nodeInfos"]!.AsArray().Select(n => Field(n, "node_id")).Order());

        var none = await Json.ReadAsync(await Client.SendAsync(HttpMethod.Get, "/nodes?node_name=compute7"));
        Assert.Empty(none["nodeInfos"]!.AsArray());

        var all = await Json.ReadAsync(await Client.SendAsync(HttpMethod.Get, "/v4/nodes"));
        Assert.Equal(3, all["nodeInfos"]!.AsArray().Count);
    }

    [StoreFact]
    public async Task GetNodes_ByIdMacAndLocalIp_AllFiltersMustMatch()
    {
        await Client.SendAsync(HttpMethod.Post, "/nodes/bulk", Bulk(HostInfo("h1", 1), HostInfo("h2", 2)));

        async Task<IEnumerable<string>> Ids(string query) =>
            (await Json.ReadAsync(await Client.SendAsync(HttpMethod.Get, "/nodes?" + query)))["nodeInfos"]!.AsArray().Select(n => Field(n, "node_id"));

        Assert.Equal(["h2"], await Ids("node_id=h2"));
        Assert.Equal(["h1"], await Ids("mac_address=aa:bb:cc:00:00:01"));
        Assert.Equal(["h2"], await Ids("local_ip=10.213.43.2"));
        Assert.Empty(await Ids("local_ip=10.213.43.2&node_name=compute1"));

        var bad = await Client.SendAsync(HttpMethod.Get, "/nodes?local_ip=10.213.43.300");
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        Assert.Equal(["local_ip"], ErrorFields(await Json.ReadAsync(bad)));
        var unknown = await Client.SendAsync(HttpMethod.Get, "/nodes?hostname=compute1");
        Assert.Equal(HttpStatusCode.BadRequest, unknown.StatusCode);
        Assert.Equal(["hostname"], ErrorFields(await Json.ReadAsync(unknown)));
    }

    [StoreFact]
    public async Task GetNode_AlcorIdThatIsNotAUuid_FoundByAlcorIdAndByItsStableUuid()
    {
        await Client.SendAsync(HttpMethod.Post, "/nodes", Wrapped(HostInfo("h01", 1)));

        var byAlcorId = await Client.SendAsync(HttpMethod.Get, "/nodes/h01");
        Assert.Equal(HttpStatusCode.OK, byAlcorId.StatusCode);
        Assert.Equal("h01", Field((await Json.ReadAsync(byAlcorId))["host_info"], "node_id"));

        var uuid = NodeManager.Core.Import.AlcorIds.NameBased("h01").ToString("D");
        var native = await Json.ReadAsync(await Client.SendAsync(HttpMethod.Get, $"/v1/nodes/{uuid}"));
        Assert.Equal("h01", Field(native["labels"], AlcorHostInfo.IdLabel));
        Assert.Equal(HttpStatusCode.OK, (await Client.SendAsync(HttpMethod.Get, $"/nodes/{uuid}")).StatusCode);
    }

    [StoreFact]
    public async Task GetNode_Unknown_Returns404ProblemNamingTheNode()
    {
        var response = await Client.SendAsync(HttpMethod.Get, "/nodes/h404");
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType!.MediaType);
        var problem = await Json.ReadAsync(response);
        Assert.Equal(("NOT_FOUND", "node h404 not found"), (Field(problem, "code"), Field(problem, "detail")));
    }

    [StoreFact]
    public async Task CreateNode_DuplicateId_Returns409AndKeepsTheFirst()
    {
        await Client.SendAsync(HttpMethod.Post, "/nodes", Wrapped(HostInfo("h1", 1)));
        var again = await Client.SendAsync(HttpMethod.Post, "/nodes", Wrapped(HostInfo("h1", 2)));
        Assert.Equal(HttpStatusCode.Conflict, again.StatusCode);
        Assert.Equal("ALREADY_EXISTS", Field(await Json.ReadAsync(again), "code"));

        var kept = await Json.ReadAsync(await Client.SendAsync(HttpMethod.Get, "/nodes/h1"));
        Assert.Equal("compute1", Field(kept["host_info"], "node_name"));
        Assert.Equal(1, await CountAsync());
    }

    [StoreFact]
    public async Task CreateNode_BadFields_Returns400NamingAlcorFieldsAndWritesNothing()
    {
        var response = await Client.SendAsync(HttpMethod.Post, "/nodes", Wrapped(HostInfo("h1", 1, ("local_ip", "10, 0, 0, 1"), ("mac_address", "zz"))));
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal(["local_ip", "mac_address"], ErrorFields(await Json.ReadAsync(response)).Order());

        var typed = await Client.SendAsync(HttpMethod.Post, "/nodes", Wrapped(HostInfo("h1", 1, ("server_port", "http"))));
        Assert.Equal(["server_port"], ErrorFields(await Json.ReadAsync(typed)));

        var empty = await Client.SendAsync(HttpMethod.Post, "/nodes", "{\"hostinfo\":{}}");
        Assert.Equal(["host_info"], ErrorFields(await Json.ReadAsync(empty)));
        Assert.Equal(0, await CountAsync());
    }

    [StoreFact]
    public async Task UpdateNode_AlcorFields_ReplacedWhileLocationAndLabelsAreKept()
    {
        var created = await CreateAsync(5, ",\"location\":{\"region\":\"us-west\",\"rack\":\"r1\"}");
        var id = created["id"]!.GetValue<string>();
        var response = await Client.SendAsync(HttpMethod.Put, $"/nodes/{id}", Wrapped(HostInfo(id, 5, ("veth", "eth9"))));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("eth9", Field((await Json.ReadAsync(response))["host_info"], "veth"));

        var native = await Json.ReadAsync(await Client.SendAsync(HttpMethod.Get, $"/v1/nodes/{id}"));
        Assert.Equal(("compute5", "eth9", "us-west", "dev", "2"),
            (Field(native, "name"), Field(native, "veth"), Field(native["location"], "region"), Field(native["labels"], "env"), Field(native, "version")));
    }

    [StoreFact]
    public async Task UpdateNode_UnknownOrMismatchedId_Returns404Or400()
    {
        var missing = await Client.SendAsync(HttpMethod.Put, "/nodes/h9", Wrapped(HostInfo("h9", 9)));
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);

        await Client.SendAsync(HttpMethod.Post, "/nodes", Wrapped(HostInfo("h1", 1)));
        var mismatch = await Client.SendAsync(HttpMethod.Put, "/nodes/h1", Wrapped(HostInfo("h2", 1)));
        Assert.Equal(HttpStatusCode.BadRequest, mismatch.StatusCode);
        Assert.Equal(["node_id"], ErrorFields(await Json.ReadAsync(mismatch)));
        Assert.Equal(1, await CountAsync());
    }

    [StoreFact]
    public async Task DeleteNode_Existing_Returns200WithIdThenNodeIsGone()
    {
        await Client.SendAsync(HttpMethod.Post, "/nodes", Wrapped(HostInfo("h1", 1)));
        var deleted = await Client.SendAsync(HttpMethod.Delete, "/nodes/h1");
        Assert.Equal(HttpStatusCode.OK, deleted.StatusCode);
        Assert.Equal("h1", Field(await Json.ReadAsync(deleted), "node_id"));
        Assert.Equal(HttpStatusCode.NotFound, (await Client.SendAsync(HttpMethod.Get, "/nodes/h1")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await Client.SendAsync(HttpMethod.Delete, "/nodes/h1")).StatusCode);
    }
}
