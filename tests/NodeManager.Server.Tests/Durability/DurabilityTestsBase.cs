using System.Net;
using NodeManager.Server.Tests.Infrastructure;
using NodeManager.Testing;

namespace NodeManager.Server.Tests.Durability;

/// <summary>Acknowledged means durable: writes answered 2xx survive SIGKILL of the server process.</summary>
public abstract class DurabilityTestsBase
{
    /// <summary>PostgreSQL (the class is then marked [RequiresPostgres]) or SQLite; both server processes of a test share it.</summary>
    protected abstract bool UsePostgres { get; }

    [StoreFact]
    public async Task AcknowledgedWrites_SurviveKillDashNine()
    {
        await using var store = await TestStore.CreateAsync(UsePostgres);
        var storeArgs = store.Args;
        var acknowledged = new Dictionary<string, string>();
        string updatedId;
        await using (var first = await ServerProcess.StartAsync(storeArgs))
        {
            for (var i = 0; i < 40; i++)
            {
                var response = await first.Client.SendAsync(HttpMethod.Post, "/v1/nodes", Json.NodeJson(i));
                Assert.Equal(HttpStatusCode.Created, response.StatusCode);
                var node = await Json.ReadAsync(response);
                acknowledged[node["id"]!.GetValue<string>()] = node["name"]!.GetValue<string>();
            }

            updatedId = acknowledged.Keys.First();
            var update = await first.Client.SendAsync(HttpMethod.Put, $"/v1/nodes/{updatedId}", Json.NodeJson(0, ",\"veth\":\"after-update\""));
            Assert.Equal(HttpStatusCode.OK, update.StatusCode);
            var deleted = acknowledged.Keys.Last();
            Assert.Equal(HttpStatusCode.NoContent, (await first.Client.SendAsync(HttpMethod.Delete, $"/v1/nodes/{deleted}")).StatusCode);
            acknowledged.Remove(deleted);
            var import = await first.Client.SendAsync(HttpMethod.Post, "/v1/nodes:import", "[" + string.Join(",", Enumerable.Range(100, 20).Select(i => Json.NodeJson(i))) + "]");
            Assert.Equal(HttpStatusCode.OK, import.StatusCode);

            await first.KillHardAsync();
        }

        await using var second = await ServerProcess.StartAsync(storeArgs);
        var list = await Json.ReadAsync(await second.Client.SendAsync(HttpMethod.Get, "/v1/nodes?page_size=1000"));
        var names = list["nodes"]!.AsArray().ToDictionary(n => n!["id"]!.GetValue<string>(), n => n!["name"]!.GetValue<string>());
        Assert.Equal(acknowledged.Count + 20, names.Count);
        Assert.All(acknowledged, pair => Assert.Equal(pair.Value, names[pair.Key]));
        var updated = await Json.ReadAsync(await second.Client.SendAsync(HttpMethod.Get, $"/v1/nodes/{updatedId}"));
        Assert.Equal(("after-update", "2"), (updated["veth"]!.GetValue<string>(), updated["version"]!.GetValue<string>()));
    }
}
