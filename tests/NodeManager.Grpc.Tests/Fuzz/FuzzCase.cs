namespace NodeManager.Grpc.Tests.Fuzz;

/// <summary>One fuzz input: where it goes, the raw body, headers, and whether the client resets mid-body.</summary>
public sealed record FuzzCase(string Name, string Path, byte[] Body, string? Encoding = null, bool ResetAfterBody = false)
{
    public override string ToString() =>
        $"{Name} {Path} encoding={Encoding ?? "-"} reset={ResetAfterBody} body={Convert.ToHexString(Body.AsSpan(0, Math.Min(Body.Length, 64)))}{(Body.Length > 64 ? "..." : string.Empty)} ({Body.Length} bytes)";
}
