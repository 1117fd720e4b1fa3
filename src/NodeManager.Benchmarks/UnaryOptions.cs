using System.Globalization;

namespace NodeManager.Benchmarks;

/// <summary>The command line of the unary GetNode benchmark (<c>--only grpc</c>); defaults as in the usage text.</summary>
/// <param name="Server">The gRPC endpoint of a running server; null hosts one in this process.</param>
/// <param name="ServerPid">The external server's process, for its CPU time; null when not known.</param>
/// <param name="NodeId">The node every caller reads; null reads the first nodes listed, or creates them on an empty server.</param>
/// <param name="Json">A file to append the result to as one JSON line.</param>
/// <param name="Label">A free text copied into the JSON line (e.g. which build the server is).</param>
public sealed record UnaryOptions(
    int Concurrency, TimeSpan WarmUp, TimeSpan Duration, string? Server, int? ServerPid, string? NodeId, string? Json, string? Label, bool AllocProfile)
{
    public static UnaryOptions Parse(string[] args) => new(
        Concurrency: Math.Max(1, BenchArgs.Int(args, "--grpc-concurrency", 64)),
        WarmUp: TimeSpan.FromSeconds(Math.Max(0, BenchArgs.Int(args, "--warmup", 5))),
        Duration: TimeSpan.FromSeconds(Math.Max(1, BenchArgs.Int(args, "--seconds", 10))),
        Server: BenchArgs.String(args, "--server"),
        ServerPid: BenchArgs.String(args, "--server-pid") is { } pid ? int.Parse(pid, CultureInfo.InvariantCulture) : null,
        NodeId: BenchArgs.String(args, "--node-id"),
        Json: BenchArgs.String(args, "--json"),
        Label: BenchArgs.String(args, "--label"),
        AllocProfile: BenchArgs.Flag(args, "--alloc-profile"));
}
