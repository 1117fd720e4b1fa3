namespace NodeManager.Server.Metrics;

/// <summary><c>NodeManager:Telemetry</c>: OpenTelemetry export over OTLP (the <c>/metrics</c> text endpoint needs none of this).</summary>
public sealed class TelemetryOptions
{
    /// <summary>
    /// OTLP collector, e.g. <c>http://otel-collector:4318</c> (http/protobuf) or <c>http://otel-collector:4317</c> (grpc).
    /// Empty (the default) = no export. For http/protobuf a base URL gets <c>/v1/metrics</c> and <c>/v1/traces</c> appended.
    /// </summary>
    public string? OtlpEndpoint { get; set; }

    /// <summary><c>HttpProtobuf</c> (default) or <c>Grpc</c>.</summary>
    public OtlpProtocol OtlpProtocol { get; set; } = OtlpProtocol.HttpProtobuf;

    /// <summary>How often metrics are pushed. Default 15 s.</summary>
    public TimeSpan ExportInterval { get; set; } = TimeSpan.FromSeconds(15);

    /// <summary>Also export traces: a span per HTTP/gRPC request (ASP.NET Core's activity source). Default false.</summary>
    public bool Traces { get; set; }

    /// <summary>The <c>service.name</c> resource attribute. Default <c>node-manager</c>.</summary>
    public string ServiceName { get; set; } = "node-manager";

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

        if (ExportInterval < TimeSpan.FromMilliseconds(100))
        {
            problems.Add($"NodeManager:Telemetry:ExportInterval must be at least 00:00:00.1 (is {ExportInterval}).");
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
