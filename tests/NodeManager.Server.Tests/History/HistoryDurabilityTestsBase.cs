using System.Net;
using System.Text.Json.Nodes;
using NodeManager.Server.Tests.Infrastructure;
using NodeManager.Testing;

namespace NodeManager.Server.Tests.History;

/// <summary>Acknowledged means recorded: every change answered 2xx is in the node's history after SIGKILL of the server process.</summary>
public abstract class HistoryDurabilityTestsBase
{
    protected abstract bool UsePostgres { get; }

    private static async Task<List<string>> KindsAsync(HttpClient client, string id)
    {
        var response = await client.SendAsync(HttpMethod.Get, $"/v1/nodes/{id}/history?order=asc");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return (await Json.ReadAsync(response))["entries"]!.AsArray().Select(e => e!["kind"]!.GetValue<string>()).ToList();
    }

    [StoreFact]
    public async Task AcknowledgedChanges_InHistoryAfterKillDashNine()
    {
        await using var store = await TestStore.CreateAsync(UsePostgres);
        string kept, deleted;
        List<string> keptBefore, deletedBefore;
        await using (var first = await ServerProcess.StartAsync(store.Args))
        {
            kept = (await Json.ReadAsync(await first.Client.SendAsync(HttpMethod.Post, "/v1/nodes", Json.NodeJson(1))))["id"]!.GetValue<string>();
            deleted = (await Json.ReadAsync(await first.Client.SendAsync(HttpMethod.Post, "/v1/nodes", Json.NodeJson(2))))["id"]!.GetValue<string>();
            Assert.Equal(HttpStatusCode.OK, (await first.Client.SendAsync(HttpMethod.Put, $"/v1/nodes/{kept}", Json.NodeJson(1, ",\"veth\":\"after\""))).StatusCode);
            Assert.Equal(HttpStatusCode.OK, (await first.Client.SendAsync(HttpMethod.Post, $"/v1/nodes/{kept}:transition", """{"targetState":"COMMISSIONED","reason":"racked"}""")).StatusCode);
            Assert.Equal(HttpStatusCode.NoContent, (await first.Client.SendAsync(HttpMethod.Delete, $"/v1/nodes/{deleted}")).StatusCode);
            keptBefore = await KindsAsync(first.Client, kept);
            deletedBefore = await KindsAsync(first.Client, deleted);

            await first.KillHardAsync();
        }

        await using var second = await ServerProcess.StartAsync(store.Args);
        Assert.Equal(["NODE_EVENT_TYPE_CREATED", "NODE_EVENT_TYPE_UPDATED", "NODE_EVENT_TYPE_LIFECYCLE_CHANGED"], await KindsAsync(second.Client, kept));
        Assert.Equal(["NODE_EVENT_TYPE_CREATED", "NODE_EVENT_TYPE_DELETED"], await KindsAsync(second.Client, deleted));
        Assert.Equal(keptBefore, await KindsAsync(second.Client, kept));
        Assert.Equal(deletedBefore, await KindsAsync(second.Client, deleted));
    }
}
