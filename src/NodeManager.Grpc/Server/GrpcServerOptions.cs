namespace NodeManager.Grpc;

/// <summary>Server-wide gRPC options, set through <c>AddGrpcWire(options =&gt; ...)</c>.</summary>
public sealed class GrpcServerOptions
{
    /// <summary>Largest request message accepted, compressed or decompressed, in bytes. Default 4 MiB; null = unlimited.</summary>
    public int? MaxReceiveMessageSize { get; set; } = 4 * 1024 * 1024;

    /// <summary>Largest response message sent, in bytes. Default null (unlimited).</summary>
    public int? MaxSendMessageSize { get; set; }

    /// <summary>Whether handler exception messages reach clients in <c>grpc-message</c>. Default false.</summary>
    public bool EnableDetailedErrors { get; set; }

    /// <summary>
    /// Compress responses with this algorithm when the client accepts it (<c>grpc-accept-encoding</c>).
    /// Only <c>"gzip"</c> is supported. Default null (responses are not compressed).
    /// </summary>
    public string? ResponseCompressionAlgorithm { get; set; }
}
