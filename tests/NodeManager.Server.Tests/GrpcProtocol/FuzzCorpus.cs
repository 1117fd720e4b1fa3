using NodeManager.Contracts.V1;

namespace NodeManager.Server.Tests.GrpcProtocol;

/// <summary>
/// The regression corpus: the old layer's fuzz corpus carried over to NodeManager's methods, plus cases of our own,
/// each with the outcome the stock Grpc.AspNetCore 2.85 server gives (codes: 2 UNKNOWN,
/// 4 DEADLINE_EXCEEDED, 5 NOT_FOUND, 8 RESOURCE_EXHAUSTED, 12 UNIMPLEMENTED, 13 INTERNAL). Every new input the fuzz
/// loop finds failing goes here.
/// </summary>
internal static class FuzzCorpus
{
    private const string Unknown = "grpc-status 2";
    private const string DeadlineExceeded = "grpc-status 4";
    private const string NotFound = "grpc-status 5";
    private const string ResourceExhausted = "grpc-status 8";
    private const string Unimplemented = "grpc-status 12";
    private const string Internal = "grpc-status 13";
    private const string ClientReset = "client reset";

    private static readonly byte[] CreateFrame = RawGrpc.Frame(new CreateNodeRequest { Node = new Node { Name = "corpus-reset", Ip = "10.201.0.1" } });

    private static readonly byte[] GetFrame = RawGrpc.Frame(new GetNodeRequest { Id = Guid.Empty.ToString() });

    private static readonly byte[] WatchFrame = RawGrpc.Frame(new WatchNodesRequest { FromNow = true });

    public static readonly IReadOnlyDictionary<string, (FuzzCase Case, string Outcome)> Cases = new (FuzzCase Case, string Outcome)[]
    {
        // From the old corpus.
        (new FuzzCase("header-only-max-length", GrpcMethods.GetNode, [0, 0xFF, 0xFF, 0xFF, 0xFF]), Unknown),
        (new FuzzCase("flag-0xff-empty", GrpcMethods.StreamHeartbeats, [0xFF, 0, 0, 0, 0]), Unknown),
        (new FuzzCase("compressed-garbage-gzip", GrpcMethods.CreateNode, [1, 0, 0, 0, 3, 1, 2, 3], Encoding: "gzip"), Unknown),
        (new FuzzCase("compressed-no-encoding-duplex", GrpcMethods.StreamHeartbeats, [1, 0, 0, 0, 0]), Internal),
        (new FuzzCase("partial-header-then-end", GrpcMethods.WatchNodes, [0, 0, 0], Timeout: GrpcMethods.WatchTimeout), Internal),
        (new FuzzCase("partial-header-then-reset", GrpcMethods.StreamHeartbeats, [0, 0, 0], Reset: true), ClientReset),
        (new FuzzCase("whole-frame-then-reset-create", GrpcMethods.CreateNode, CreateFrame, Reset: true), ClientReset),
        (new FuzzCase("whole-frame-then-reset-get", GrpcMethods.GetNode, GetFrame, Reset: true), ClientReset),
        (new FuzzCase("invalid-utf8-string-field", GrpcMethods.GetNode, [0, 0, 0, 0, 3, 0x0A, 0x01, 0xFF]), Unknown),
        (new FuzzCase("reflection-garbage", GrpcMethods.ServerReflectionInfo, [0, 0, 0, 0, 2, 0xFF, 0xFF]), Unknown),

        // New for NodeManager's methods.
        (new FuzzCase("header-only-over-limit", GrpcMethods.GetNode, RawGrpc.Frame([], 0, RawGrpc.MaxMessageSize + 1)), ResourceExhausted),
        (new FuzzCase("unknown-encoding-health", GrpcMethods.HealthCheck, [1, 0, 0, 0, 1, 0], Encoding: "snappy"), Unimplemented),
        (new FuzzCase("heartbeat-unregistered-node", GrpcMethods.StreamHeartbeats, RawGrpc.Frame(new Heartbeat { NodeId = "6f1c1f0e-0000-4000-8000-000000000001", Seq = 1 })), NotFound),
        (new FuzzCase("watch-two-messages", GrpcMethods.WatchNodes, [.. WatchFrame, .. WatchFrame], Timeout: GrpcMethods.WatchTimeout), Internal),
        (new FuzzCase("watch-valid-deadline", GrpcMethods.WatchNodes, WatchFrame, Timeout: GrpcMethods.WatchTimeout), DeadlineExceeded),
        (new FuzzCase("watch-reset-while-streaming", GrpcMethods.WatchNodes, WatchFrame, Reset: true), ClientReset),
        (new FuzzCase("zip-bomb-heartbeat", GrpcMethods.StreamHeartbeats, RawGrpc.GzipFrame(new byte[2 * RawGrpc.MaxMessageSize]), Encoding: "gzip"), ResourceExhausted),
        (new FuzzCase("unknown-service-garbage", GrpcMethods.UnknownService, [0xFF, 0xFF]), Unimplemented),
        // Found by the fuzz loop (seed 20260722, #1331): a reset after the response had started hung the call. The
        // runner's fault: cancelling HttpClient's send once the response headers are in does not reset an HTTP/2 stream.
        // With a real reset, the stock reflection service's next read fails and is logged at Error (ServerLogCapture).
        (new FuzzCase("reflection-reset-after-first-answer", GrpcMethods.ServerReflectionInfo, Convert.FromHexString("00000000091A0721216261642828000000001B1A196E6F64656D"), Reset: true), ClientReset),
        (new FuzzCase("garbage-protobuf-create", GrpcMethods.CreateNode, RawGrpc.Frame([0x0A, 0x05, 0x12])), Unknown),
    }.ToDictionary(c => c.Case.Name);
}
