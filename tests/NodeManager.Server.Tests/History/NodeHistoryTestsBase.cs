using System.Net;
using System.Text.Json.Nodes;
using Google.Protobuf.WellKnownTypes;
using Grpc.Core;
using NodeManager.Contracts.V1;
using NodeManager.Server.Tests.Health;
using NodeManager.Server.Tests.Infrastructure;
using NodeManager.Testing;

namespace NodeManager.Server.Tests.History;

/// <summary>
/// A node's history end to end over real HTTP (REST and gRPC): create, update, lifecycle transition, health
/// transitions from a heartbeat and a goodbye, delete; then order, actors, time ranges, kinds, paging and bad input.
/// </summary>
public abstract class NodeHistoryTestsBase : HealthTestsBase
{
    protected override string[] ExtraArgs =>
    [
        "--NodeManager:Health:HeartbeatInterval=00:00:01",
        "--NodeManager:Health:GracePeriod=00:00:10",
        "--NodeManager:Health:DownAfter=00:01:00",
        "--NodeManager:Health:SweepInterval=00:00:00.1",
        "--NodeManager:Health:StartupGrace=00:00:00",
    ];

    private NodeService.NodeServiceClient Nodes => new(Channel);

    private async Task<JsonObject> HistoryAsync(string id, string query = "", HttpStatusCode expected = HttpStatusCode.OK)
    {
        var response = await Client.SendAsync(HttpMethod.Get, $"/v1/nodes/{id}/history{query}");
        var body = await Json.ReadAsync(response);
        Assert.True(expected == response.StatusCode, $"{response.StatusCode}: {body.ToJsonString()}");
        return body;
    }

    private static List<JsonObject> Entries(JsonObject page) => page["entries"]!.AsArray().Select(e => e!.AsObject()).ToList();

    private static string Text(JsonObject entry, string field) => entry[field]?.GetValue<string>() ?? "";

    /// <summary>Runs the whole life of one node and answers its id.</summary>
    private async Task<string> LiveAndDieAsync()
    {
        var id = await RegisterAsync(1);
        var update = Json.NodeJson(1).Replace("\"10.1.0.2\"", "\"10.1.9.9\"", StringComparison.Ordinal).Replace("\"rack\":\"r1\"", "\"rack\":\"r7\"", StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, (await Client.SendAsync(HttpMethod.Put, $"/v1/nodes/{id}", update)).StatusCode);
        var moved = await Client.SendAsync(HttpMethod.Post, $"/v1/nodes/{id}:transition", """{"targetState":"COMMISSIONED","reason":"racked","actor":"mallory"}""");
        Assert.Equal(HttpStatusCode.OK, moved.StatusCode);
        await HealthClient.ReportHeartbeatAsync(Beat(id, 1));
        await WaitForAsync(id, h => h.Status == HealthStatus.Ready);
        await HealthClient.ReportHeartbeatAsync(new Heartbeat { NodeId = id, Seq = 2, Goodbye = true });
        await WaitForAsync(id, h => h.Status == HealthStatus.NotReady);
        Assert.Equal(HttpStatusCode.NoContent, (await Client.SendAsync(HttpMethod.Delete, $"/v1/nodes/{id}")).StatusCode);
        return id;
    }

    [StoreFact]
    public async Task History_WholeLifeOfANode_EveryChangeNewestFirstWithKindActorAndDetail()
    {
        var id = await LiveAndDieAsync();

        var entries = Entries(await HistoryAsync(id));

        Assert.Equal(
            ["NODE_EVENT_TYPE_DELETED", "NODE_EVENT_TYPE_HEALTH_CHANGED", "NODE_EVENT_TYPE_HEALTH_CHANGED", "NODE_EVENT_TYPE_LIFECYCLE_CHANGED",
             "NODE_EVENT_TYPE_UPDATED", "NODE_EVENT_TYPE_CREATED"],
            entries.Select(e => Text(e, "kind")));
        // Requests are unauthenticated (open mode): "anonymous", never the body's "mallory"; health transitions are the server's.
        Assert.Equal(["anonymous", "system", "system", "anonymous", "anonymous", "anonymous"], entries.Select(e => Text(e, "actor")));
        var revisions = entries.Select(e => long.Parse(Text(e, "revision"), System.Globalization.CultureInfo.InvariantCulture)).ToList();
        Assert.Equal(revisions.OrderDescending(), revisions);
        Assert.Equal(["ip", "labels"], entries[4]["changedFields"]!.AsArray().Select(f => f!.GetValue<string>()));
        Assert.Equal(("LIFECYCLE_STATE_REGISTERED", "LIFECYCLE_STATE_COMMISSIONED", "racked"),
            (Text(entries[3]["lifecycle"]!.AsObject(), "from"), Text(entries[3]["lifecycle"]!.AsObject(), "to"), Text(entries[3]["lifecycle"]!.AsObject(), "reason")));
        var ready = entries[2]["health"]!.AsObject();
        var goodbye = entries[1]["health"]!.AsObject();
        Assert.Equal(("HEALTH_STATUS_READY", "DECIDED_BY_HEARTBEAT"), (Text(ready, "to"), Text(ready, "decidedBy")));
        Assert.Equal(("HEALTH_STATUS_READY", "HEALTH_STATUS_NOT_READY", "DECIDED_BY_AGENT_SHUTDOWN"), (Text(goodbye, "from"), Text(goodbye, "to"), Text(goodbye, "decidedBy")));
        Assert.Equal("node-1", Text(entries[0], "name"));
        Assert.Equal("node-1", Text(entries[5], "name"));
    }

    [StoreFact]
    public async Task History_OrderKindsTimeRangeAndPaging_SelectTheSameEntriesOverRestAndGrpc()
    {
        var id = await LiveAndDieAsync();
        var all = Entries(await HistoryAsync(id));

        var ascending = Entries(await HistoryAsync(id, "?order=asc"));
        Assert.Equal(all.Select(e => Text(e, "revision")).Reverse(), ascending.Select(e => Text(e, "revision")));

        var health = Entries(await HistoryAsync(id, "?kind=HEALTH_CHANGED"));
        Assert.Equal(all.Where(e => Text(e, "kind") == "NODE_EVENT_TYPE_HEALTH_CHANGED").Select(e => Text(e, "revision")), health.Select(e => Text(e, "revision")));
        var twoKinds = Entries(await HistoryAsync(id, "?kind=CREATED,NODE_EVENT_TYPE_DELETED"));
        Assert.Equal(["NODE_EVENT_TYPE_DELETED", "NODE_EVENT_TYPE_CREATED"], twoKinds.Select(e => Text(e, "kind")));

        var paged = new List<JsonObject>();
        var token = "";
        for (var page = 0; page < 10; page++)
        {
            var body = await HistoryAsync(id, $"?page_size=4&page_token={Uri.EscapeDataString(token)}");
            paged.AddRange(Entries(body));
            token = Text(body, "nextPageToken");
            if (token.Length == 0)
            {
                break;
            }
        }

        Assert.Equal(all.Select(e => e.ToJsonString()), paged.Select(e => e.ToJsonString()));

        var lifecycleTime = Text(all[3], "time");
        var since = Entries(await HistoryAsync(id, $"?since={Uri.EscapeDataString(lifecycleTime)}"));
        var until = Entries(await HistoryAsync(id, $"?until={Uri.EscapeDataString(lifecycleTime)}"));
        Assert.Contains(Text(all[3], "revision"), since.Select(e => Text(e, "revision")));
        Assert.DoesNotContain(Text(all[3], "revision"), until.Select(e => Text(e, "revision")));
        Assert.Equal(all.Count, since.Concat(until).Select(e => Text(e, "revision")).Distinct().Count());

        var grpc = await Nodes.ListNodeHistoryAsync(new ListNodeHistoryRequest { NodeId = id }, deadline: DateTime.UtcNow.AddSeconds(30));
        Assert.Equal(all.Select(e => e.ToJsonString()), grpc.Entries.Select(e => JsonNode.Parse(Api.ProtoJson.Format(e))!.ToJsonString()));
        var grpcPage = await Nodes.ListNodeHistoryAsync(new ListNodeHistoryRequest
        {
            NodeId = id,
            Ascending = true,
            Kinds = { NodeEventType.LifecycleChanged },
            Since = Timestamp.FromDateTimeOffset(DateTimeOffset.Parse(lifecycleTime, System.Globalization.CultureInfo.InvariantCulture)),
        }, deadline: DateTime.UtcNow.AddSeconds(30));
        Assert.Equal(Text(all[3], "revision"), Assert.Single(grpcPage.Entries).Revision.ToString(System.Globalization.CultureInfo.InvariantCulture));
    }

    [StoreFact]
    public async Task History_BatchOperation_TransitionRecordedWithTheStartersIdentityAndTheOperation()
    {
        var id = await RegisterAsync(1);

        var operation = await Lifecycle.LifecycleRest.BatchAsync(Client,
            $$"""{"nodeIds":["{{id}}"],"targetState":"COMMISSIONED","reason":"batch","actor":"mallory"}""");
        var operationId = operation["id"]!.GetValue<string>();
        await Lifecycle.LifecycleRest.WaitForOperationAsync(Client, operationId, o => Lifecycle.LifecycleRest.State(o) == "OPERATION_STATE_SUCCEEDED");

        var entry = Assert.Single(Entries(await HistoryAsync(id, "?kind=LIFECYCLE_CHANGED")));
        Assert.Equal("anonymous", Text(entry, "actor"));
        Assert.Equal(operationId, Text(entry["lifecycle"]!.AsObject(), "operationId"));
        Assert.Equal("anonymous", Text(await Json.ReadAsync(await Client.SendAsync(HttpMethod.Get, $"/v1/operations/{operationId}")), "actor"));
    }

    [StoreFact]
    public async Task History_BadParametersOrUnknownNode_400NamingTheFieldOr404()
    {
        var id = await RegisterAsync(1);

        foreach (var (query, field) in new[]
        {
            ("?since=yesterday", "since"), ("?until=2026-13-01T00:00:00Z", "until"), ("?since=2026-12-06", "since"),
            ("?page_size=0", "page_size"), ("?page_size=5000", "page_size"), ("?page_token=bogus", "page_token"),
            ("?order=sideways", "order"), ("?kind=EXPLODED", "kind"),
            ("?since=2026-12-06T10:00:00Z&until=2026-12-06T09:00:00Z", "until"),
        })
        {
            var problem = await HistoryAsync(id, query, HttpStatusCode.BadRequest);
            Assert.Equal("INVALID_ARGUMENT", Text(problem, "code"));
            Assert.Contains(field, problem["errors"]!.AsArray().Select(e => e!["field"]!.GetValue<string>()));
        }

        var badId = await HistoryAsync("not-a-uuid", "", HttpStatusCode.BadRequest);
        Assert.Equal("node_id", badId["errors"]![0]!["field"]!.GetValue<string>());
        var unknown = Guid.NewGuid().ToString("D");
        Assert.Equal("NOT_FOUND", Text(await HistoryAsync(unknown, "", HttpStatusCode.NotFound), "code"));
        var grpcMissing = await Assert.ThrowsAsync<RpcException>(() => Nodes.ListNodeHistoryAsync(new ListNodeHistoryRequest { NodeId = unknown }).ResponseAsync);
        Assert.Equal(StatusCode.NotFound, grpcMissing.StatusCode);
        var grpcBad = await Assert.ThrowsAsync<RpcException>(() => Nodes.ListNodeHistoryAsync(new ListNodeHistoryRequest { NodeId = id, PageSize = 5000 }).ResponseAsync);
        Assert.Equal(StatusCode.InvalidArgument, grpcBad.StatusCode);
        Assert.Contains("page_size", grpcBad.Status.Detail);

        // A known node whose range holds nothing is an empty page, not 404.
        Assert.Empty(Entries(await HistoryAsync(id, "?since=2999-01-01T00:00:00Z")));

        var doc = await Json.ReadAsync(await Client.SendAsync(HttpMethod.Get, "/openapi/v1.json"));
        Assert.Equal("ListNodeHistory", doc["paths"]!["/v1/nodes/{id}/history"]!["get"]!["operationId"]!.GetValue<string>());
        Assert.NotNull(doc["components"]!["schemas"]!["NodeHistoryEntry"]!["properties"]!["actor"]);
    }
}

/// <summary>Retention: entries older than NodeManager:History:Retention go; the change feed keeps its events.</summary>
public abstract class HistoryRetentionTestsBase : ServerTestBase
{
    protected override string[] ExtraArgs =>
    [
        "--NodeManager:History:Retention=00:00:01",
        "--NodeManager:History:PruneInterval=00:00:00.2",
        "--NodeManager:History:PruneBatchSize=1",
    ];

    [StoreFact]
    public async Task Pruner_EntriesOlderThanRetention_RemovedWhileTheFeedKeepsTheEvents()
    {
        var ids = new List<string>();
        for (var i = 1; i <= 3; i++)
        {
            ids.Add((await CreateAsync(i))["id"]!.GetValue<string>());
        }

        var deadline = DateTime.UtcNow + TestTimeout.Default;
        JsonObject page;
        do
        {
            await Task.Delay(100);
            page = await Json.ReadAsync(await Client.SendAsync(HttpMethod.Get, $"/v1/nodes/{ids[2]}/history"));
        }
        while (page["entries"]!.AsArray().Count > 0 && DateTime.UtcNow < deadline);

        Assert.Empty(page["entries"]!.AsArray());
        foreach (var id in ids)
        {
            Assert.Empty((await Json.ReadAsync(await Client.SendAsync(HttpMethod.Get, $"/v1/nodes/{id}/history")))["entries"]!.AsArray());
        }

        var watch = new NodeService.NodeServiceClient(Channel).WatchNodes(new WatchNodesRequest { AfterRevision = 0 }, deadline: DateTime.UtcNow.AddSeconds(30));
        var created = new List<string>();
        while (created.Count < 3 && await watch.ResponseStream.MoveNext(CancellationToken.None))
        {
            created.Add(watch.ResponseStream.Current.NodeId);
        }

        Assert.Equal(ids, created);
    }
}
