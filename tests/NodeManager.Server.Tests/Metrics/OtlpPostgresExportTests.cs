using System.Net;
using NodeManager.Server.Tests.Infrastructure;
using NodeManager.Testing;

namespace NodeManager.Server.Tests.Metrics;

/// <summary>On PostgreSQL: the commands an API call runs are spans of its trace, and Npgsql's meter is exported.</summary>
[RequiresPostgres]
public sealed class OtlpPostgresExportTests
{
    [StoreFact]
    public async Task Export_RestCallOnPostgres_ItsCommandsAreSpansOfItsTrace()
    {
        await using var collector = await OtlpCollector.StartAsync();
        await using var store = await TestStore.CreateAsync(postgres: true);
        await using var server = await ServerInstance.StartAsync(store.Args,
            $"--NodeManager:Telemetry:OtlpEndpoint={collector.Endpoint}",
            "--NodeManager:Telemetry:ExportInterval=00:00:00.2",
            "--OTEL_BSP_SCHEDULE_DELAY=200");

        var created = await server.Client.SendAsync(HttpMethod.Post, "/v1/nodes", Json.NodeJson(1));
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);

        var call = await collector.WaitForAsync("the span of POST /v1/nodes", () => collector.Spans.Select(s => s.Span).FirstOrDefault(s =>
            OtlpCollector.Attribute(s.Attributes, "url.path") == "/v1/nodes" && OtlpCollector.Attribute(s.Attributes, "http.request.method") == "POST"));
        var commands = await collector.WaitForAsync("Npgsql spans in that trace", () =>
            collector.Spans.Where(s => s.Scope.Name == "Npgsql" && s.Span.TraceId == call.TraceId).ToList() is { Count: > 0 } found ? found : null);
        Assert.All(commands, c => Assert.Equal("postgresql", OtlpCollector.Attribute(c.Span.Attributes, "db.system.name") ?? OtlpCollector.Attribute(c.Span.Attributes, "db.system")));
        await collector.WaitForAsync("a metric of Npgsql's meter", () => collector.AllMetrics.FirstOrDefault(m => m.Scope.Name == "Npgsql").Metric);
        Assert.Empty(collector.Rejected);
    }
}
