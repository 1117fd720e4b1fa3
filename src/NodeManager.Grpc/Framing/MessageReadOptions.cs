namespace NodeManager.Grpc.Framing;

/// <summary>Limits and negotiated encoding for reading messages from one stream.</summary>
/// <param name="MaxMessageSize">Largest accepted message, compressed or decompressed, in bytes.</param>
/// <param name="Encoding">The peer's <c>grpc-encoding</c> (null or "identity" = none).</param>
public readonly record struct MessageReadOptions(int MaxMessageSize, string? Encoding);
