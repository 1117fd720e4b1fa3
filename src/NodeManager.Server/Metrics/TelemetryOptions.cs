namespace NodeManager.Server.Metrics;

/// <summary>
/// <c>NodeManager:Telemetry</c>: OpenTelemetry export over OTLP. <c>/metrics</c> (Prometheus) needs none of this.
/// OTLP is on when <see cref="OtlpEndpoint"/> or the standard <c>OTEL_EXPORTER_OTLP_ENDPOINT</c> is set, and off otherwise.
/// </summary>
public sealed class TelemetryOptions
{
    /// <summary>The standard variable that also turns OTLP on (read from the configuration, so also <c>--OTEL_EXPORTER_OTLP_ENDPOINT=…</c>).</summary>
    public const string StandardEndpointKey = "OTEL_EXPORTER_OTLP_ENDPOINT";

    /// <summary>
    /// OTLP collector, e.g. <c>http://otel-collector:4318</c> (http/protobuf) or <c>http://otel-collector:4317</c> (grpc).
    /// Empty (the default) = the <c>OTEL_EXPORTER_OTLP_*</c> variables decide; none set = no export. For http/protobuf
    /// a base URL gets <c>/v1/metrics</c>, <c>/v1/traces</c> and <c>/v1/logs</c> appended.
    /// </summary>
    public string? OtlpEndpoint { get; set; }

    /// <summary><c>HttpProtobuf</c> (default) or <c>Grpc</c>; only with <see cref="OtlpEndpoint"/> (otherwise <c>OTEL_EXPORTER_OTLP_PROTOCOL</c>).</summary>
    public OtlpProtocol OtlpProtocol { get; set; } = OtlpProtocol.HttpProtobuf;

    /// <summary>How often metrics are pushed. Default 15 s (or <c>OTEL_METRIC_EXPORT_INTERVAL</c> when that is set and this is not).</summary>
    public TimeSpan? ExportInterval { get; set; }

    /// <summary>Export traces (API calls with the grain calls, activations and store queries they cause). Default true.</summary>
    public bool Traces { get; set; } = true;

    /// <summary>The share of API calls traced, 0 to 1. Default 1 (every call except heartbeats and probes).</summary>
    public double TraceSampleRatio { get; set; } = 1.0;

    /// <summary>Export log records (with the trace and span they were written in). Default true.</summary>
    public bool Logs { get; set; } = true;

    /// <summary>The <c>service.name</c> resource attribute. Default <c>node-manager</c>.</summary>
    public string ServiceName { get; set; } = "node-manager";

    public static readonly TimeSpan DefaultExportInterval = TimeSpan.FromSeconds(15);

    /// <summary>Whether OTLP export is on: our endpoint or the standard one is set.</summary>
    public bool OtlpEnabled(IConfiguration configuration) =>
        !string.IsNullOrWhiteSpace(OtlpEndpoint) || !string.IsNullOrWhiteSpace(configuration[StandardEndpointKey]);

    public IReadOnlyList<string> Validate()
    {
        var problems = new List<string>();
        if (!string.IsNullOrWhiteSpace(OtlpEndpoint)
            && (!Uri.TryCreate(OtlpEndpoint, UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https")))
        {
            problems.Add($"NodeManager:Telemetry:OtlpEndpoint must be an absolute http:// or https:// URL such as http://otel-collector:4318 (is '{OtlpEndpoint}').");
        }

        if (!Enum.IsDefined(OtlpProtocol))
        {
            problems.Add("NodeManager:Telemetry:OtlpProtocol must be HttpProtobuf or Grpc.");
        }

        if (ExportInterval is { } interval && (interval < TimeSpan.FromMilliseconds(100) || interval.TotalMilliseconds > int.MaxValue))
        {
            problems.Add($"NodeManager:Telemetry:ExportInterval must be at least 00:00:00.1 and under 24 days (is {interval}).");
        }

        if (double.IsNaN(TraceSampleRatio) || TraceSampleRatio is < 0 or > 1)
        {
            problems.Add($"NodeManager:Telemetry:TraceSampleRatio must be between 0 and 1, such as 0.1 for one API call in ten (is {TraceSampleRatio}).");
        }

        if (string.IsNullOrWhiteSpace(ServiceName))
        {
            problems.Add("NodeManager:Telemetry:ServiceName must not be empty.");
        }

        return problems;
    }
}

public enum OtlpProtocol
{
    HttpProtobuf,
    Grpc,
}
