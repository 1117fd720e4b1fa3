using Microsoft.Extensions.DependencyInjection;
using NodeManager.Core.Errors;
using NodeManager.Server.Hosting;
using NodeManager.Server.Tests.Infrastructure;
using OpenTelemetry.Logs;
using OpenTelemetry.Trace;

namespace NodeManager.Server.Tests.Metrics;

/// <summary>When OTLP is on (our key or the standard variable) and off, and what a bad telemetry setting does at start.</summary>
public sealed class TelemetryConfigurationTests
{
    [Fact]
    public async Task Export_StandardEndpointVariableOnly_TurnsOtlpOn()
    {
        await using var collector = await OtlpCollector.StartAsync();
        await using var store = await TestStore.CreateAsync(postgres: false);
        await using var server = await ServerInstance.StartAsync(store.Args,
            $"--OTEL_EXPORTER_OTLP_ENDPOINT={collector.Endpoint}",
            "--OTEL_EXPORTER_OTLP_PROTOCOL=http/protobuf",
            "--OTEL_METRIC_EXPORT_INTERVAL=200");

        var nodes = await collector.WaitForAsync("nodemanager.nodes at /v1/metrics", () =>
            collector.AllMetrics.FirstOrDefault(m => m.Metric.Name == "nodemanager.nodes").Metric);
        Assert.Equal("{node}", nodes.Unit);
        Assert.NotNull(server.Services.GetService<TracerProvider>());
        Assert.Empty(collector.Rejected);
    }

    [Fact]
    public async Task Telemetry_NoOtlpConfigured_NoTracesNorLogsCollected()
    {
        await using var store = await TestStore.CreateAsync(postgres: false);
        await using var server = await ServerInstance.StartAsync(store.Args);

        Assert.Null(server.Services.GetService<TracerProvider>());
        Assert.Null(server.Services.GetService<LoggerProvider>());
        Assert.Equal(0, (await PrometheusScrape.GetAsync(server.Client)).Value("nodemanager_heartbeats_total")); // /metrics needs nothing
    }

    [Theory]
    [InlineData("--NodeManager:Telemetry:TraceSampleRatio=2", "NodeManager:Telemetry:TraceSampleRatio")]
    [InlineData("--NodeManager:Telemetry:OtlpEndpoint=collector:4318", "NodeManager:Telemetry:OtlpEndpoint")]
    [InlineData("--NodeManager:Telemetry:ExportInterval=00:00:00.01", "NodeManager:Telemetry:ExportInterval")]
    public void Start_BadTelemetrySetting_RefusedNamingTheKey(string setting, string key)
    {
        var ex = Assert.Throws<StartupException>(() => NodeManagerApp.Create([setting]));

        Assert.Contains(key, ex.Message, StringComparison.Ordinal);
    }
}
