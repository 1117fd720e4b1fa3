using OpenTelemetry;
using OpenTelemetry.Exporter;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;

namespace NodeManager.Server.Metrics;

/// <summary>
/// Pushes the <c>NodeManager</c> meter (and, when asked, request traces) to an OTLP collector. Built
/// on the OpenTelemetry SDK directly: OpenTelemetry.Extensions.Hosting is not in our package source,
/// so this service owns the providers and flushes them on stop.
/// </summary>
public sealed partial class OtlpExporter(TelemetryOptions options, ILogger<OtlpExporter> logger) : IHostedService, IDisposable
{
    private MeterProvider? _meters;
    private TracerProvider? _tracer;

    public Task StartAsync(CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(options.OtlpEndpoint))
        {
            return Task.CompletedTask;
        }

        var resource = ResourceBuilder.CreateDefault().AddService(options.ServiceName, serviceInstanceId: Environment.MachineName + ":" + Environment.ProcessId);
        _meters = Sdk.CreateMeterProviderBuilder()
            .SetResourceBuilder(resource)
            .AddMeter(NodeManagerMetrics.MeterName, PrometheusExporter.OrleansMeterName)
            .AddOtlpExporter((exporter, reader) =>
            {
                Configure(exporter, "v1/metrics");
                reader.PeriodicExportingMetricReaderOptions.ExportIntervalMilliseconds = (int)options.ExportInterval.TotalMilliseconds;
            })
            .Build();
        if (options.Traces)
        {
            _tracer = Sdk.CreateTracerProviderBuilder()
                .SetResourceBuilder(resource)
                .AddSource("Microsoft.AspNetCore", NodeManagerMetrics.MeterName)
                .AddOtlpExporter(exporter => Configure(exporter, "v1/traces"))
                .Build();
        }

        LogExporting(logger, options.OtlpEndpoint, options.OtlpProtocol, options.ExportInterval, options.Traces);
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken)
    {
        _meters?.ForceFlush(2_000);
        _tracer?.ForceFlush(2_000);
        return Task.CompletedTask;
    }

    private void Configure(OtlpExporterOptions exporter, string signalPath)
    {
        var endpoint = new Uri(options.OtlpEndpoint!);
        if (options.OtlpProtocol == OtlpProtocol.HttpProtobuf && !endpoint.AbsolutePath.EndsWith(signalPath, StringComparison.Ordinal))
        {
            endpoint = new Uri(endpoint.AbsoluteUri.TrimEnd('/') + "/" + signalPath);
        }

        exporter.Endpoint = endpoint;
        exporter.Protocol = options.OtlpProtocol == OtlpProtocol.Grpc ? OtlpExportProtocol.Grpc : OtlpExportProtocol.HttpProtobuf;
    }

    public void Dispose()
    {
        _meters?.Dispose();
        _tracer?.Dispose();
    }

    [LoggerMessage(EventId = 4001, Level = LogLevel.Information, Message = "Exporting metrics over OTLP to {Endpoint} ({Protocol}) every {Interval}; traces: {Traces}")]
    private static partial void LogExporting(ILogger logger, string endpoint, OtlpProtocol protocol, TimeSpan interval, bool traces);
}
