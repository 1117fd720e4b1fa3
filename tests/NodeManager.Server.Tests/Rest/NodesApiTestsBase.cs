using System.Net;
using System.Text.Json.Nodes;
using NodeManager.Server.Tests.Infrastructure;
using NodeManager.Testing;

namespace NodeManager.Server.Tests.Rest;

/// <summary>The REST contract over real Kestrel on loopback, run against each store.</summary>
public abstract class NodesApiTestsBase : ServerTestBase
{
    [StoreFact]
    public async Task CreateNode_ValidBody_Returns201WithCanonicalFieldsETagAndLocation()
    {
        var response = await Client.SendAsync(HttpMethod.Post, "/v1/nodes",
            """{"name":"Rack1-Node7","ip":"2001:DB8::7","mac":"AA-BB-CC-00-11-22","veth":"veth0","dataPathIp":"192.168.1.7","management_address":"10.9.0.7","agentPort":7070,"hostDvrMac":"aabb.cc00.1123","serialNumber":"SN-7","location":{"region":"us-west","zone":"a","rack":"r1","position":"u7"},"labels":{"env":"prod"},"capacity":{"cpuMilliCores":"64000","memoryBytes":"274877906944","storageBytes":"4000000000000"},"devices":[{"kind":"FPGA","model":"U250","count":2,"attributes":{"slot":"3"}}]}""");
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var node = await Json.ReadAsync(response);
        var id = node["id"]!.GetValue<string>();
        Assert.Equal($"/v1/nodes/{id}", response.Headers.Location!.ToString());
        Assert.Equal("\"1\"", response.Headers.ETag!.ToString());
        Assert.Equal("rack1-node7", node["name"]!.GetValue<string>());
        Assert.Equal("2001:db8::7", node["ip"]!.GetValue<string>());
        Assert.Equal("aa:bb:cc:00:11:22", node["mac"]!.GetValue<string>());
        Assert.Equal("aa:bb:cc:00:11:23", node["hostDvrMac"]!.GetValue<string>());
        Assert.Equal("LIFECYCLE_STATE_REGISTERED", node["lifecycleState"]!.GetValue<string>());
        Assert.Equal("DEVICE_KIND_FPGA", node["devices"]![0]!["kind"]!.GetValue<string>());

        var read = await Json.ReadAsync(await Client.SendAsync(HttpMethod.Get, $"/v1/nodes/{id}"));
        Assert.Equal(node.ToJsonString(), read.ToJsonString());
    }

    [StoreFact]
    public async Task CreateNode_GivenUppercaseId_KeepsItLowercase()
    {
        var created = await CreateAsync(1, ""","id":"3FA85F64-5717-4562-B3FC-2C963F66AFA6" """);
        Assert.Equal("3fa85f64-5717-4562-b3fc-2c963f66afa6", created["id"]!.GetValue<string>());
    }

    [StoreTheory]
    [InlineData("{\"name\":\"a\",\"ip\":", "body")]
    [InlineData("{\"name\":\"a\",\"ip\":\"10.0.0.1\",\"colour\":\"red\"}", "colour")]
    [InlineData("{\"name\":\"a\",\"ip\":\"10.0.0.1\",\"agentPort\":\"x\"}", "agent_port")]
    [InlineData("{\"name\":\"a\",\"ip\":\"10.0.0.1\",\"labels\":[]}", "labels")]
    [InlineData("{\"name\":\"a\",\"ip\":\"10.0.0.999\"}", "ip")]
    [InlineData("{\"name\":\"a\"}", "ip")]
    [InlineData("{\"ip\":\"10.0.0.1\"}", "name")]
    [InlineData("{\"name\":\"a_b\",\"ip\":\"10.0.0.1\"}", "name")]
    [InlineData("{\"name\":\"a\",\"ip\":\"10.0.0.1\",\"mac\":\"zz:00:00:00:00:00\"}", "mac")]
    [InlineData("{\"name\":\"a\",\"ip\":\"10.0.0.1\",\"id\":\"not-a-uuid\"}", "id")]
    [InlineData("{\"name\":\"a\",\"ip\":\"10.0.0.1\",\"labels\":{\"bad key!\":\"v\"}}", "labels[bad key!]")]
    [InlineData("{\"name\":\"a\",\"ip\":\"10.0.0.1\",\"devices\":[{\"kind\":\"TPU\",\"count\":1}]}", "devices[0].kind")]
    [InlineData("{\"name\":\"a\",\"ip\":\"10.0.0.1\",\"capacity\":{\"memoryBytes\":\"-1\"}}", "capacity.memory_bytes")]
    [InlineData("[1,2]", "body")]
    public async Task CreateNode_BadInput_Returns400NamingTheFieldAndWritesNothing(string body, string field)
    {
        var response = await Client.SendAsync(HttpMethod.Post, "/v1/nodes", body);
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType!.MediaType);
        var problem = await Json.ReadAsync(response);
        Assert.Equal("INVALID_ARGUMENT", problem["code"]!.GetValue<string>());
        Assert.Contains(problem["errors"]!.AsArray(), e => e!["field"]!.GetValue<string>() == field);
        Assert.Equal(0, await CountAsync());
    }

    [StoreTheory]
    [InlineData("{\"name\":\"a\",\"name\":\"b\",\"ip\":\"10.0.0.1\"}", "name")]
    [InlineData("{\"name\":\"a\",\"ip\":\"10.0.0.1\",\"labels\":{\"x\":\"1\"},\"labels\":{\"y\":\"2\"}}", "labels")]
    [InlineData("{\"name\":\"a\",\"ip\":\"10.0.0.1\",\"labels\":{\"x\":\"1\",\"x\":\"2\"}}", "x")]
    public async Task CreateNode_DuplicateJsonProperty_Returns400NamingItAndWritesNothing(string body, string property)
    {
        var response = await Client.SendAsync(HttpMethod.Post, "/v1/nodes", body);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var problem = await Json.ReadAsync(response);
        Assert.Equal("body", problem["errors"]![0]!["field"]!.GetValue<string>());
        Assert.Contains(property, problem["errors"]![0]!["description"]?.GetValue<string>() ?? problem.ToJsonString(), StringComparison.Ordinal);
        Assert.Equal(0, await CountAsync());
    }

    [StoreFact]
    public async Task CreateNode_OversizeBody_Returns413AndWritesNothing()
    {
        var padding = new string('x', 2 << 20);
        var response = await Client.SendAsync(HttpMethod.Post, "/v1/nodes", $$"""{"name":"a","ip":"10.0.0.1","serialNumber":"{{padding}}"}""");
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        Assert.Equal("body", (await Json.ReadAsync(response))["errors"]![0]!["field"]!.GetValue<string>());
        Assert.Equal(0, await CountAsync());
    }

    [StoreTheory]
    [InlineData("name", "{\"name\":\"node-1\",\"ip\":\"10.9.9.9\"}")]
    [InlineData("ip", "{\"name\":\"other\",\"ip\":\"10.1.0.2\"}")]
    [InlineData("mac", "{\"name\":\"other\",\"ip\":\"10.9.9.9\",\"mac\":\"02-00-00-00-00-01\"}")]
    public async Task CreateNode_DuplicateUniqueField_Returns409NamingFieldAndOtherNode(string field, string body)
    {
        var first = await CreateAsync(1);
        var response = await Client.SendAsync(HttpMethod.Post, "/v1/nodes", body);
        Assert.Equal(HttpStatusCode.Conflict, response.StatusCode);
        var problem = await Json.ReadAsync(response);
        Assert.Equal("ALREADY_EXISTS", problem["code"]!.GetValue<string>());
        Assert.Equal(field, problem["errors"]![0]!["field"]!.GetValue<string>());
        Assert.Equal(first["id"]!.GetValue<string>(), problem["conflictingNodeId"]!.GetValue<string>());
        Assert.Equal(1, await CountAsync());
    }

    [StoreFact]
    public async Task GetNode_UnknownOrInvalidId_Returns404Or400()
    {
        Assert.Equal(HttpStatusCode.NotFound, (await Client.SendAsync(HttpMethod.Get, "/v1/nodes/3fa85f64-5717-4562-b3fc-2c963f66afa6")).StatusCode);
        var bad = await Client.SendAsync(HttpMethod.Get, "/v1/nodes/nope");
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        Assert.Equal("id", (await Json.ReadAsync(bad))["errors"]![0]!["field"]!.GetValue<string>());
    }

    [StoreFact]
    public async Task UpdateNode_IfMatchCurrentThenStale_Returns200Then412()
    {
        var id = (await CreateAsync(1))["id"]!.GetValue<string>();
        var ok = await Client.SendAsync(HttpMethod.Put, $"/v1/nodes/{id}", Json.NodeJson(1, ",\"veth\":\"veth9\""), ifMatch: "\"1\"");
        Assert.Equal(HttpStatusCode.OK, ok.StatusCode);
        Assert.Equal("\"2\"", ok.Headers.ETag!.ToString());
        Assert.Equal("veth9", (await Json.ReadAsync(ok))["veth"]!.GetValue<string>());

        var stale = await Client.SendAsync(HttpMethod.Put, $"/v1/nodes/{id}", Json.NodeJson(1, ",\"veth\":\"veth1\""), ifMatch: "\"1\"");
        Assert.Equal(HttpStatusCode.PreconditionFailed, stale.StatusCode);
        Assert.Equal("2", (await Json.ReadAsync(stale))["currentVersion"]!.GetValue<string>());
        var read = await Json.ReadAsync(await Client.SendAsync(HttpMethod.Get, $"/v1/nodes/{id}"));
        Assert.Equal("veth9", read["veth"]!.GetValue<string>());
    }

    [StoreFact]
    public async Task UpdateNode_StaleVersionInBody_Returns409Aborted()
    {
        var id = (await CreateAsync(1))["id"]!.GetValue<string>();
        await Client.SendAsync(HttpMethod.Put, $"/v1/nodes/{id}", Json.NodeJson(1, ",\"veth\":\"a\""));
        var stale = await Client.SendAsync(HttpMethod.Put, $"/v1/nodes/{id}", Json.NodeJson(1, ",\"veth\":\"b\",\"version\":\"1\""));
        Assert.Equal(HttpStatusCode.Conflict, stale.StatusCode);
        Assert.Equal("ABORTED", (await Json.ReadAsync(stale))["code"]!.GetValue<string>());
    }

    [StoreFact]
    public async Task UpdateNode_ToAnotherNodesIp_Returns409AndKeepsOldValue()
    {
        await CreateAsync(1);
        var second = await CreateAsync(2);
        var id = second["id"]!.GetValue<string>();
        var response = await Client.SendAsync(HttpMethod.Put, $"/v1/nodes/{id}", """{"name":"node-2","ip":"10.1.0.2"}""");
        Assert.Equal(HttpStatusCode.Conflict, response.StatusCode);
        Assert.Equal("ip", (await Json.ReadAsync(response))["errors"]![0]!["field"]!.GetValue<string>());
        Assert.Equal("10.1.0.3", (await Json.ReadAsync(await Client.SendAsync(HttpMethod.Get, $"/v1/nodes/{id}")))["ip"]!.GetValue<string>());
    }

    [StoreFact]
    public async Task DeleteNode_WithStaleThenCurrentIfMatch_Returns412Then204ThenGone()
    {
        var id = (await CreateAsync(1))["id"]!.GetValue<string>();
        Assert.Equal(HttpStatusCode.PreconditionFailed, (await Client.SendAsync(HttpMethod.Delete, $"/v1/nodes/{id}", ifMatch: "\"7\"")).StatusCode);
        Assert.Equal(HttpStatusCode.NoContent, (await Client.SendAsync(HttpMethod.Delete, $"/v1/nodes/{id}", ifMatch: "\"1\"")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await Client.SendAsync(HttpMethod.Get, $"/v1/nodes/{id}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await Client.SendAsync(HttpMethod.Delete, $"/v1/nodes/{id}")).StatusCode);
    }

    [StoreFact]
    public async Task ListNodes_PagedWithSelectorAndFilters_ReturnsStableOrderWithoutGaps()
    {
        for (var i = 0; i < 25; i++)
        {
            await CreateAsync(i);
        }

        var seen = new List<string>();
        string token = "";
        do
        {
            var page = await Json.ReadAsync(await Client.SendAsync(HttpMethod.Get, $"/v1/nodes?page_size=4&label_selector=env%3Dprod,rack%20in%20(r0,r1)&page_token={token}"));
            seen.AddRange(page["nodes"]!.AsArray().Select(n => n!["name"]!.GetValue<string>()));
            token = page["nextPageToken"]!.GetValue<string>();
        }
        while (token.Length > 0 && seen.Count < 100);

        var expected = Enumerable.Range(0, 25).Where(i => i % 2 == 0 && i % 3 != 2).Select(i => $"node-{i}").Order().ToList();
        Assert.Equal(expected, seen.Order().ToList());
        Assert.Equal(seen.Count, seen.Distinct().Count());

        var byIp = await Json.ReadAsync(await Client.SendAsync(HttpMethod.Get, "/v1/nodes?ip=10.1.0.6"));
        Assert.Equal("node-5", Assert.Single(byIp["nodes"]!.AsArray())!["name"]!.GetValue<string>());
        var byMac = await Json.ReadAsync(await Client.SendAsync(HttpMethod.Get, "/v1/nodes?mac=02-00-00-00-00-07"));
        Assert.Equal("node-7", Assert.Single(byMac["nodes"]!.AsArray())!["name"]!.GetValue<string>());
        var byState = await Json.ReadAsync(await Client.SendAsync(HttpMethod.Get, "/v1/nodes?lifecycle_state=COMMISSIONED"));
        Assert.Empty(byState["nodes"]!.AsArray());
    }

    [StoreTheory]
    [InlineData("page_size=0", "page_size")]
    [InlineData("page_size=5000", "page_size")]
    [InlineData("page_token=garbage", "page_token")]
    [InlineData("label_selector=env%20in%20()", "label_selector")]
    [InlineData("lifecycle_state=SLEEPING", "lifecycle_state")]
    [InlineData("ip=10.0.0", "ip")]
    public async Task ListNodes_BadQuery_Returns400NamingParameter(string query, string field)
    {
        var response = await Client.SendAsync(HttpMethod.Get, "/v1/nodes?" + query);
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal(field, (await Json.ReadAsync(response))["errors"]![0]!["field"]!.GetValue<string>());
    }

    [StoreFact]
    public async Task BatchGetNodes_SomeMissing_ReturnsFoundAndMissingIds()
    {
        var a = (await CreateAsync(1))["id"]!.GetValue<string>();
        var b = (await CreateAsync(2))["id"]!.GetValue<string>();
        const string missing = "3fa85f64-5717-4562-b3fc-2c963f66afa6";
        var response = await Json.ReadAsync(await Client.SendAsync(HttpMethod.Post, "/v1/nodes:batchGet", $$"""{"ids":["{{b}}","{{missing}}","{{a}}"]}"""));
        Assert.Equal([b, a], response["nodes"]!.AsArray().Select(n => n!["id"]!.GetValue<string>()));
        Assert.Equal(missing, Assert.Single(response["missingIds"]!.AsArray())!.GetValue<string>());

        var bad = await Client.SendAsync(HttpMethod.Post, "/v1/nodes:batchGet", $$"""{"ids":["{{a}}","x"]}""");
        Assert.Equal("ids[1]", (await Json.ReadAsync(bad))["errors"]![0]!["field"]!.GetValue<string>());
    }

    [StoreFact]
    public async Task Probes_AndOpenApi_AreServed()
    {
        Assert.Equal(HttpStatusCode.OK, (await Client.SendAsync(HttpMethod.Get, "/healthz")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await Client.SendAsync(HttpMethod.Get, "/readyz")).StatusCode);
        var doc = await Json.ReadAsync(await Client.SendAsync(HttpMethod.Get, "/openapi/v1.json"));
        Assert.Equal("3.1.0", doc["openapi"]!.GetValue<string>());
        Assert.NotNull(doc["paths"]!["/v1/nodes:import"]);
        Assert.NotNull(doc["components"]!["schemas"]!["Node"]!["properties"]!["managementAddress"]);
    }
}
