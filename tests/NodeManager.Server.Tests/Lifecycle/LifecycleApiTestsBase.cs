using System.Net;
using NodeManager.Server.Tests.Infrastructure;
using NodeManager.Testing;
using static NodeManager.Server.Tests.Lifecycle.LifecycleRest;

namespace NodeManager.Server.Tests.Lifecycle;

/// <summary>LifecycleService over real HTTP, against each store.</summary>
public abstract class LifecycleApiTestsBase : ServerTestBase
{
    [StoreFact]
    public async Task Transition_LegalThenIllegal_RecordsTransitionWithTheCallersIdentityElseNamesCurrentAndAllowedStates()
    {
        var id = (await CreateAsync(1))["id"]!.GetValue<string>();

        var done = await TransitionAsync(Client, id, "COMMISSIONED", extra: ""","actor":"alice","expectedVersion":"1" """);
        var refused = await TransitionAsync(Client, id, "DECOMMISSIONED", HttpStatusCode.BadRequest);

        Assert.True(done["changed"]!.GetValue<bool>());
        // The body's actor is ignored (deprecated): an unauthenticated caller is recorded as anonymous.
        Assert.Equal(("LIFECYCLE_STATE_REGISTERED", "LIFECYCLE_STATE_COMMISSIONED", "anonymous", "test"),
            (done["transition"]!["fromState"]!.GetValue<string>(), done["transition"]!["toState"]!.GetValue<string>(),
             done["transition"]!["actor"]!.GetValue<string>(), done["transition"]!["reason"]!.GetValue<string>()));
        Assert.Equal("2", done["node"]!["version"]!.GetValue<string>());
        Assert.Equal("FAILED_PRECONDITION", refused["code"]!.GetValue<string>());
        Assert.Equal("target_state", refused["errors"]![0]!["field"]!.GetValue<string>());
        Assert.Contains("is COMMISSIONED and cannot go to DECOMMISSIONED; from COMMISSIONED it may go to MAINTENANCE, UPGRADING", refused["detail"]!.GetValue<string>());
        Assert.Equal("LIFECYCLE_STATE_COMMISSIONED", await NodeStateAsync(Client, id));
    }

    [StoreFact]
    public async Task Transition_SameStateOrStaleVersion_NoOpOrConflictAndNothingWritten()
    {
        var id = (await CreateAsync(1))["id"]!.GetValue<string>();

        var same = await TransitionAsync(Client, id, "REGISTERED");
        var stale = await TransitionAsync(Client, id, "COMMISSIONED", HttpStatusCode.Conflict, ""","expectedVersion":"7" """);

        Assert.False(same["changed"]?.GetValue<bool>() ?? false);
        Assert.Equal(("ABORTED", "expected_version"), (stale["code"]!.GetValue<string>(), stale["errors"]![0]!["field"]!.GetValue<string>()));
        Assert.Equal("LIFECYCLE_STATE_REGISTERED", await NodeStateAsync(Client, id));
    }

    [StoreTheory]
    [InlineData("""{"targetState":"COMMISSIONED"}""", "reason")]
    [InlineData("""{"reason":"x"}""", "target_state")]
    [InlineData("""{"targetState":"COMMISSIONED","reason":"x","expectedVersion":"-1"}""", "expected_version")]
    [InlineData("""{"targetState":"SIDEWAYS","reason":"x"}""", "target_state")]
    public async Task Transition_BadInput_Returns400NamingTheField(string body, string field)
    {
        var id = (await CreateAsync(1))["id"]!.GetValue<string>();

        var response = await Client.SendAsync(HttpMethod.Post, $"/v1/nodes/{id}:transition", body);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var problem = await Json.ReadAsync(response);
        Assert.Contains(field, problem["errors"]!.AsArray().Select(e => e!["field"]!.GetValue<string>()));
        Assert.Equal("LIFECYCLE_STATE_REGISTERED", await NodeStateAsync(Client, id));
    }

    [StoreFact]
    public async Task Transition_UnknownNode_Returns404()
    {
        var response = await Client.SendAsync(HttpMethod.Post, $"/v1/nodes/{Guid.NewGuid()}:transition", """{"targetState":"COMMISSIONED","reason":"x"}""");

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }

    [StoreFact]
    public async Task Transition_DecommissionHoldingReservation_RefusedUnlessForced()
    {
        var id = (await CreateAsync(1, ""","capacity":{"cpuMilliCores":"4000","memoryBytes":"4096"}"""))["id"]!.GetValue<string>();
        await TransitionAsync(Client, id, "COMMISSIONED");
        var reserved = await Client.SendAsync(HttpMethod.Post, $"/v1/nodes/{id}/reservations/compute", """{"name":"vm-1","requestCpuMilliCores":"1000","requestMemoryBytes":"1024"}""");
        Assert.Equal(HttpStatusCode.OK, reserved.StatusCode);
        await TransitionAsync(Client, id, "MAINTENANCE");

        var refused = await TransitionAsync(Client, id, "DECOMMISSIONED", HttpStatusCode.BadRequest);
        var forced = await TransitionAsync(Client, id, "DECOMMISSIONED", extra: ""","force":true""");

        Assert.Equal("force", refused["errors"]![0]!["field"]!.GetValue<string>());
        Assert.Equal(1, forced["releasedReservations"]!.GetValue<int>());
        var list = await Json.ReadAsync(await Client.SendAsync(HttpMethod.Get, $"/v1/nodes/{id}/reservations"));
        Assert.Empty(list["reservations"]?.AsArray() ?? []);
    }

    [StoreFact]
    public async Task BatchTransition_DryRun_ReportsPerNodeAndWritesNothing()
    {
        var registered = (await CreateAsync(1))["id"]!.GetValue<string>();
        var commissioned = (await CreateAsync(2))["id"]!.GetValue<string>();
        await TransitionAsync(Client, commissioned, "COMMISSIONED");

        var plan = await BatchAsync(Client, $$"""{"nodeIds":["{{registered}}","{{commissioned}}"],"targetState":"MAINTENANCE","reason":"x","dryRun":true}""", HttpStatusCode.OK);

        Assert.True(plan["dryRun"]!.GetValue<bool>());
        var nodes = plan["nodes"]!.AsArray();
        Assert.Equal("OPERATION_NODE_STATE_FAILED", nodes[0]!["state"]!.GetValue<string>());
        Assert.Contains("is REGISTERED and cannot go to MAINTENANCE", nodes[0]!["detail"]!.GetValue<string>());
        Assert.Equal("OPERATION_NODE_STATE_PENDING", nodes[1]!["state"]!.GetValue<string>());
        Assert.Equal("LIFECYCLE_STATE_COMMISSIONED", await NodeStateAsync(Client, commissioned));
    }

    [StoreTheory]
    [InlineData("""{"targetState":"MAINTENANCE","reason":"x"}""", "node_ids")]
    [InlineData("""{"labelSelector":"env=prod","targetState":"REGISTERED","reason":"x"}""", "target_state")]
    [InlineData("""{"labelSelector":"env=prod","targetState":"MAINTENANCE","reason":"x","maxUnavailable":-1}""", "max_unavailable")]
    [InlineData("""{"labelSelector":"env in (","targetState":"MAINTENANCE","reason":"x"}""", "label_selector")]
    [InlineData("""{"nodeIds":["nope"],"targetState":"MAINTENANCE","reason":"x"}""", "node_ids[0]")]
    public async Task BatchTransition_BadInput_Returns400NamingTheField(string body, string field)
    {
        var response = await Client.SendAsync(HttpMethod.Post, "/v1/nodes:batchTransition", body);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var problem = await Json.ReadAsync(response);
        Assert.Contains(field, problem["errors"]!.AsArray().Select(e => e!["field"]!.GetValue<string>()));
    }

    [StoreFact]
    public async Task GetOperation_Unknown_Returns404()
    {
        var response = await Client.SendAsync(HttpMethod.Get, "/v1/operations/no-such-op");

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }
}
