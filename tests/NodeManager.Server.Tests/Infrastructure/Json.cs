using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;

namespace NodeManager.Server.Tests.Infrastructure;

public static class Json
{
    public static StringContent Body(string json) => new(json, Encoding.UTF8, "application/json");

    public static async Task<JsonObject> ReadAsync(HttpResponseMessage response) =>
        JsonNode.Parse(await response.Content.ReadAsStringAsync())!.AsObject();

    public static async Task<HttpResponseMessage> SendAsync(this HttpClient client, HttpMethod method, string path, string? json = null, string? ifMatch = null)
    {
        using var request = new HttpRequestMessage(method, path) { Content = json is null ? null : Body(json) };
        if (ifMatch is not null)
        {
            request.Headers.IfMatch.Add(EntityTagHeaderValue.Parse(ifMatch));
        }

        return await client.SendAsync(request).WaitAsync(TimeSpan.FromSeconds(60));
    }

    public static string NodeJson(int i, string? extra = null) =>
        $$"""{"name":"node-{{i}}","ip":"10.1.{{i / 250}}.{{i % 250 + 1}}","mac":"02:00:00:00:{{i / 256:x2}}:{{i % 256:x2}}","labels":{"env":"{{(i % 2 == 0 ? "prod" : "dev")}}","rack":"r{{i % 3}}"}{{extra}}}""";
}
