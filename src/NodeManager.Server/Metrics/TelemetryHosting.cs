using NodeManager.Server.Security;
using Microsoft.Extensions.Diagnostics.Metrics;
using OpenTelemetry.Exporter;
using OpenTelemetry.Logs;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;
using Orleans.Hosting;

namespace NodeManager.Server.Metrics;

/// <summary>
/// OpenTelemetry on the hosting package (DESIGN §9): metrics always, scraped at <c>/metrics</c>; metrics, traces and
/// logs over OTLP when an endpoint is configured. <c>builder.AddNodeManagerTelemetry()</c>, <c>app.MapNodeManagerTelemetry()</c>.
/// </summary>
public static partial class TelemetryHosting
{
    /// <summary>The name OpenTelemetry's listener has in <see cref="IMetricsBuilder"/> rules.</summary>
    private const string OpenTelemetryListener = "OpenTelemetry";

    /// <summary>Meters of this host's <see cref="System.Diagnostics.Metrics.IMeterFactory"/>: ours, Orleans', ASP.NET Core's and Kestrel's.</summary>
    private static readonly string[] HostMeters =
        [NodeManagerMetrics.MeterName, "Microsoft.Orleans", "Microsoft.AspNetCore.Hosting", "Microsoft.AspNetCore.Server.Kestrel"];

    /// <summary>Meters of the process: the .NET runtime's (built in since .NET 9) and Npgsql's.</summary>
    private static readonly string[] ProcessMeters = ["System.Runtime", "Npgsql"];

    /// <summary>
    /// Traced inside an API call: grain calls (<c>Microsoft.Orleans.Application</c>), activations and deactivations
    /// (<c>.Lifecycle</c>), grain storage (<c>.Storage</c>) and PostgreSQL commands (<c>Npgsql</c>).
    /// </summary>
    private static readonly string[] TraceSources =
        ["Microsoft.Orleans.Application", "Microsoft.Orleans.Lifecycle", "Microsoft.Orleans.Storage", "Npgsql"];

    public static WebApplicationBuilder AddNodeManagerTelemetry(this WebApplicationBuilder builder, TelemetryOptions options)
    {
        builder.Services.AddSingleton(options);
        builder.Services.AddSingleton<NodeManagerMetrics>();

        // A log line written during a request carries its trace and span (the console shows them with the scopes).
        builder.Logging.Configure(o => o.ActivityTrackingOptions = ActivityTrackingOptions.TraceId | ActivityTrackingOptions.SpanId);

        // Meters are enabled through the host's metrics rules rather than AddMeter: a rule for the local scope takes the
        // meters of this host's IMeterFactory only, where AddMeter would take every meter of that name in the process.
        foreach (var meter in HostMeters)
        {
            builder.Metrics.EnableMetrics(meter, null, OpenTelemetryListener, MeterScope.Local);
        }

        foreach (var meter in ProcessMeters)
        {
            builder.Metrics.EnableMetrics(meter, null, OpenTelemetryListener, MeterScope.Global);
        }

        var otlp = options.OtlpEnabled(builder.Configuration);
        var telemetry = builder.Services.AddOpenTelemetry()
            .ConfigureResource(r => r.AddService(options.ServiceName, serviceInstanceId: $"{Environment.MachineName}:{Environment.ProcessId}"))
            .WithMetrics(metrics =>
            {
                // Rendered at each scrape, not cached: a scrape right after a change shows it.
                metrics.AddPrometheusExporter(o =>
                {
                    o.ScrapeResponseCacheDurationMilliseconds = 0;
                    o.ScopeInfoEnabled = false; // the series keep the label sets they had before OpenTelemetry
                });
                if (otlp)
                {
                    metrics.AddOtlpExporter((exporter, reader) =>
                    {
                        Configure(exporter, options, "v1/metrics");
                        if (options.ExportInterval is not null || string.IsNullOrEmpty(builder.Configuration["OTEL_METRIC_EXPORT_INTERVAL"]))
                        {
                            var interval = options.ExportInterval ?? TelemetryOptions.DefaultExportInterval;
                            reader.PeriodicExportingMetricReaderOptions.ExportIntervalMilliseconds = (int)interval.TotalMilliseconds;
                        }
                    });
                }
            });

        if (otlp && options.Traces)
        {
            telemetry.WithTracing(tracing => tracing
                .SetSampler(new ParentBasedSampler(new ApiCallSampler(options.TraceSampleRatio)))
                .AddAspNetCoreInstrumentation(o => o.Filter = UntracedRequests.ShouldTrace)
                .AddSource(TraceSources)
                .AddOtlpExporter(exporter => Configure(exporter, options, "v1/traces")));

            // Grain calls carry the caller's trace (W3C trace context in the request context), so a grain call, its
            // activation and its storage are spans of the API call that made it, on whichever silo they run.
            builder.UseOrleans(silo => silo.AddActivityPropagation());
        }

        if (otlp && options.Logs)
        {
            telemetry.WithLogging(
                logging => logging.AddOtlpExporter(exporter => Configure(exporter, options, "v1/logs")),
                o => o.IncludeFormattedMessage = true);
        }

        return builder;
    }

    public static WebApplication MapNodeManagerTelemetry(this WebApplication app)
    {
        app.MapPrometheusScrapingEndpoint().DisableHttpMetrics().RequireAuthorization(Policies.Viewer);
        var metrics = app.Services.GetRequiredService<NodeManagerMetrics>();
        app.Lifetime.ApplicationStarted.Register(metrics.DeclareCounters);
        var options = app.Services.GetRequiredService<TelemetryOptions>();
        if (options.OtlpEnabled(app.Configuration))
        {
            var endpoint = string.IsNullOrWhiteSpace(options.OtlpEndpoint)
                ? $"{app.Configuration[TelemetryOptions.StandardEndpointKey]} (OTEL_EXPORTER_OTLP_*)"
                : $"{options.OtlpEndpoint} ({options.OtlpProtocol})";
            LogExporting(app.Services.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(TelemetryHosting)), endpoint, options.Traces, options.Logs);
        }

        return app;
    }

    /// <summary>Our endpoint, when set, wins over the standard variables; for http/protobuf a base URL gets the signal's path.</summary>
    private static void Configure(OtlpExporterOptions exporter, TelemetryOptions options, string signalPath)
    {
        if (string.IsNullOrWhiteSpace(options.OtlpEndpoint))
        {
            return; // the exporter reads OTEL_EXPORTER_OTLP_ENDPOINT, _PROTOCOL, _HEADERS and the per-signal variables itself
        }

        var endpoint = new Uri(options.OtlpEndpoint);
        if (options.OtlpProtocol == OtlpProtocol.HttpProtobuf && !endpoint.AbsolutePath.EndsWith(signalPath, StringComparison.Ordinal))
        {
            endpoint = new Uri(endpoint.AbsoluteUri.TrimEnd('/') + "/" + signalPath);
        }

        exporter.Endpoint = endpoint;
        exporter.Protocol = options.OtlpProtocol == OtlpProtocol.Grpc ? OtlpExportProtocol.Grpc : OtlpExportProtocol.HttpProtobuf;
    }

    [LoggerMessage(EventId = 4001, Level = LogLevel.Information, Message = "Exporting metrics over OTLP to {Endpoint}; traces: {Traces}, logs: {Logs}")]
    private static partial void LogExporting(ILogger logger, string endpoint, bool traces, bool logs);
}
