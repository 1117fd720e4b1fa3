namespace NodeManager.Server.Tests.GrpcProtocol;

/// <summary>
/// One fuzz input: the method path, the raw request body, the <c>grpc-encoding</c> and <c>grpc-timeout</c> headers,
/// and whether the client resets the stream once the body is sent (instead of ending it).
/// </summary>
public sealed record FuzzCase(string Name, string Path, byte[] Body, string? Encoding = null, string? Timeout = null, bool Reset = false)
{
    private const int ShownBytes = 64;

    public override string ToString() =>
        $"{Name} {Path} encoding={Encoding ?? "-"} timeout={Timeout ?? "-"} reset={Reset} " +
        $"body={Convert.ToHexString(Body.AsSpan(0, Math.Min(Body.Length, ShownBytes)))}{(Body.Length > ShownBytes ? "..." : string.Empty)} ({Body.Length} bytes)";
}
