using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using NodeManager.Core.Changes;
using NodeManager.Core.Lifecycle;
using NodeManager.Core.Nodes;
using NodeManager.Core.Storage;
using NodeManager.Server.Tests.Infrastructure;
using NodeManager.Testing;
using static NodeManager.Server.Tests.Lifecycle.LifecycleRest;

namespace NodeManager.Server.Tests.Lifecycle;

/// <summary>Rolling batch operations with max_unavailable over real HTTP; the bound is checked on the change feed's exact history.</summary>
public abstract class RollingBatchTestsBase : ServerTestBase
{
    private async Task<List<string>> CommissionedNodesAsync(int count)
    {
        var ids = new List<string>();
        for (var i = 0; i < count; i++)
        {
            var created = await Client.SendAsync(HttpMethod.Post, "/v1/nodes", "{\"name\":\"roll-" + i + "\",\"ip\":\"10.8.0." + (i + 1) + "\",\"labels\":{\"pool\":\"rolling\"}}");
            Assert.Equal(System.Net.HttpStatusCode.Created, created.StatusCode);
            ids.Add((await Json.ReadAsync(created))["id"]!.GetValue<string>());
        }

        var operation = await BatchAsync(Client, """{"labelSelector":"pool=rolling","targetState":"COMMISSIONED","reason":"bring-up"}""");
        var done = await WaitForOperationAsync(Client, operation["id"]!.GetValue<string>(), o => State(o) != "OPERATION_STATE_RUNNING");
        Assert.Equal(("OPERATION_STATE_SUCCEEDED", count), (State(done), Progress(done, "applied")));
        return ids;
    }

    [StoreFact]
    public async Task BatchTransition_RollingMaintenance_NeverMoreThanMaxUnavailableOutAtOnce()
    {
        var ids = await CommissionedNodesAsync(5);
        var feed = Server.Services.GetRequiredService<IChangeFeed>();
        var start = (await feed.GetRevisionRangeAsync(CancellationToken.None).WaitAsync(TestTimeout.Default)).Head;

        var started = await BatchAsync(Client, $$"""{"nodeIds":[{{string.Join(',', ids.Select(i => $"\"{i}\""))}}],"targetState":"MAINTENANCE","maxUnavailable":2,"reason":"kernel"}""");
        var id = started["id"]!.GetValue<string>();
        for (var applied = 2; applied <= 5; applied++)
        {
            // The operation takes nodes only while fewer than 2 are out; each round an operator returns one.
            var operation = await WaitForOperationAsync(Client, id, o => Progress(o, "applied") >= applied);
            Assert.Equal(applied, Progress(operation, "applied"));
            var inMaintenance = await InMaintenanceAsync(ids);
            Assert.Equal(2, inMaintenance.Count);
            if (applied < 5)
            {
                await TransitionAsync(Client, inMaintenance[0], "COMMISSIONED");
            }
        }

        var finished = await WaitForOperationAsync(Client, id, o => State(o) != "OPERATION_STATE_RUNNING");
        Assert.Equal("OPERATION_STATE_SUCCEEDED", State(finished));
        Assert.All(finished["nodes"]!.AsArray(), n => Assert.Equal("OPERATION_NODE_STATE_APPLIED", n!["state"]!.GetValue<string>()));
        Assert.Equal(2, await MaxOutAtOnceAsync(feed, start, ids.Select(Guid.Parse).ToHashSet(), id));
    }

    [StoreFact]
    public async Task CancelOperation_Running_StopsBeforeTheNextNode()
    {
        var ids = await CommissionedNodesAsync(3);
        var started = await BatchAsync(Client, """{"labelSelector":"pool=rolling","targetState":"UPGRADING","maxUnavailable":1,"reason":"firmware"}""");
        var id = started["id"]!.GetValue<string>();
        await WaitForOperationAsync(Client, id, o => Progress(o, "applied") == 1);

        var cancelled = await Json.ReadAsync(await Client.SendAsync(HttpMethod.Delete, $"/v1/operations/{id}"));
        var upgraded = Assert.Single(await InStateAsync(ids, "LIFECYCLE_STATE_UPGRADING"));
        await TransitionAsync(Client, upgraded, "COMMISSIONED");
        await TransitionAsync(Client, upgraded, "MAINTENANCE");

        Assert.Equal("OPERATION_STATE_CANCELLED", State(cancelled));
        var after = await Json.ReadAsync(await Client.SendAsync(HttpMethod.Get, $"/v1/operations/{id}"));
        Assert.Equal(("OPERATION_STATE_CANCELLED", 2), (State(after), Progress(after, "pending")));
        Assert.Empty(await InStateAsync(ids, "LIFECYCLE_STATE_UPGRADING"));
    }

    private async Task<List<string>> InMaintenanceAsync(List<string> ids) => await InStateAsync(ids, "LIFECYCLE_STATE_MAINTENANCE");

    private async Task<List<string>> InStateAsync(List<string> ids, string state)
    {
        var found = new List<string>();
        foreach (var id in ids)
        {
            if (await NodeStateAsync(Client, id) == state)
            {
                found.Add(id);
            }
        }

        return found;
    }

    /// <summary>Replays lifecycle events in commit order: the most selected nodes out of COMMISSIONED at any moment.</summary>
    private static async Task<int> MaxOutAtOnceAsync(IChangeFeed feed, long after, HashSet<Guid> selected, string operationId)
    {
        var events = await feed.ReadEventsAsync(after, 10_000, CancellationToken.None).WaitAsync(TestTimeout.Default);
        var unavailable = new HashSet<Guid>();
        var max = 0;
        var byOperation = 0;
        foreach (var change in events.Where(e => e.Kind == ChangeKind.LifecycleChanged && selected.Contains(e.NodeId)))
        {
            if (LifecycleTable.IsUnavailable(change.Transition!.To))
            {
                unavailable.Add(change.NodeId);
            }
            else
            {
                unavailable.Remove(change.NodeId);
            }

            byOperation += change.Transition.OperationId == operationId ? 1 : 0;
            max = Math.Max(max, unavailable.Count);
        }

        Assert.Equal(5, byOperation);
        return max;
    }
}
