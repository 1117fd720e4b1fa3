using System.Net;
using System.Text.Json.Nodes;
using NodeManager.Server.Tests.Infrastructure;
using NodeManager.Testing;

namespace NodeManager.Server.Tests.Lifecycle;

/// <summary>Lifecycle calls over REST for the tests: transition, batch, and waiting for an operation to reach a condition.</summary>
internal static class LifecycleRest
{
    public static async Task<JsonObject> TransitionAsync(HttpClient client, string id, string target, HttpStatusCode expected = HttpStatusCode.OK, string extra = "")
    {
        var response = await client.SendAsync(HttpMethod.Post, $"/v1/nodes/{id}:transition", $$"""{"targetState":"{{target}}","reason":"test"{{extra}}}""");
        var body = await Json.ReadAsync(response);
        Assert.True(expected == response.StatusCode, $"{response.StatusCode}: {body.ToJsonString()}");
        return body;
    }

    public static async Task<JsonObject> BatchAsync(HttpClient client, string json, HttpStatusCode expected = HttpStatusCode.Accepted)
    {
        var response = await client.SendAsync(HttpMethod.Post, "/v1/nodes:batchTransition", json);
        var body = await Json.ReadAsync(response);
        Assert.True(expected == response.StatusCode, $"{response.StatusCode}: {body.ToJsonString()}");
        return body;
    }

    /// <summary>Polls the operation until <paramref name="condition"/> holds (generous timeout; no timing asserted).</summary>
    public static async Task<JsonObject> WaitForOperationAsync(HttpClient client, string id, Func<JsonObject, bool> condition)
    {
        using var timeout = new CancellationTokenSource(TestTimeout.Default);
        while (true)
        {
            var operation = await Json.ReadAsync(await client.SendAsync(HttpMethod.Get, $"/v1/operations/{id}"));
            if (condition(operation))
            {
                return operation;
            }

            await Task.Delay(50, timeout.Token);
        }
    }

    public static int Progress(JsonObject operation, string field) =>
        operation["progress"]?[field]?.GetValue<int>() ?? 0;

    public static string State(JsonObject operation) => operation["state"]!.GetValue<string>();

    public static async Task<string> NodeStateAsync(HttpClient client, string id) =>
        (await Json.ReadAsync(await client.SendAsync(HttpMethod.Get, $"/v1/nodes/{id}")))["lifecycleState"]!.GetValue<string>();
}
