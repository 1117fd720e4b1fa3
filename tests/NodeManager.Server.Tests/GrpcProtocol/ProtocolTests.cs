using System.Net;
using Google.Protobuf;
using Grpc.Core;
using NodeManager.Contracts.V1;
using Xunit.Abstractions;

namespace NodeManager.Server.Tests.GrpcProtocol;

/// <summary>
/// One malformed or unusual input per test against the real server, with the answer the stock Grpc.AspNetCore 2.85
/// server (plus NodeManager's capped gzip provider and gRPC-port-only middleware) gives.
/// </summary>
[Collection(GrpcProtocolCollection.Name)]
public sealed class ProtocolTests(ProtocolServer server, ITestOutputHelper output) : IDisposable
{
    private const int Ok = 0;
    private const int Unknown = 2;
    private const int InvalidArgument = 3;
    private const int DeadlineExceeded = 4;
    private const int ResourceExhausted = 8;
    private const int Unimplemented = 12;
    private const int Internal = 13;

    /// <summary>The HTTP/2 error code HTTP_1_1_REQUIRED (RFC 9113 §7).</summary>
    private const long Http11Required = 0xd;

    private static readonly TimeSpan Timeout = ProtocolServer.CallTimeout;

    private readonly HttpClient _client = RawGrpc.CreateClient();
    private readonly int _logMark = server.Log.Mark();

    [Fact]
    public async Task GetNode_LengthPrefixOver4MiB_ResourceExhaustedWithoutReadingBody()
    {
        // The header claims 4 MiB + 1; only 16 bytes follow and the body stays open: an answer proves the
        // server decided from the header alone, without waiting for (or buffering) the message.
        var content = new HeldOpenContent(RawGrpc.Frame(new byte[16], 0, RawGrpc.MaxMessageSize + 1));
        using var cts = new CancellationTokenSource();

        using var response = await RawGrpc.SendAsync(_client, server.Grpc, GrpcMethods.GetNode, content, cancellationToken: cts.Token).WaitAsync(Timeout);
        var ended = await RawResponse.ReadAsync(response); // HeldOpenContent never ends the body: the server answered from the header
        await cts.CancelAsync();

        output.WriteLine(ended.ToString());
        Assert.Equal(ResourceExhausted, ended.GrpcStatus);
        await server.AssertServesAsync();
    }

    [Fact]
    public async Task CreateNode_GzipBomb_ResourceExhausted()
    {
        var zeros = new byte[16 * 1024 * 1024];
        var frame = RawGrpc.GzipFrame(zeros); // 16 MiB of zeros inflate from about 16 KiB

        var ended = await RawGrpc.CallAsync(_client, server.Grpc, GrpcMethods.CreateNode, frame, new RawRequest(Encoding: "gzip"));

        output.WriteLine($"{frame.Length} bytes on the wire: {ended}");
        Assert.True(frame.Length < 64 * 1024, $"the bomb is {frame.Length} bytes compressed");
        Assert.Equal(ResourceExhausted, ended.GrpcStatus);
        Assert.Contains("decompressed", ended.GrpcMessage, StringComparison.Ordinal); // the cap, not the compressed-size check
        await server.AssertServesAsync();
    }

    [Fact]
    public async Task CreateNode_GzipRequestUnderCap_CreatesNode()
    {
        var request = new CreateNodeRequest { Node = new Node { Name = "gzip-raw", Ip = "10.202.0.1" } };

        var ended = await RawGrpc.CallAsync(_client, server.Grpc, GrpcMethods.CreateNode, RawGrpc.GzipFrame(request), new RawRequest(Encoding: "gzip"));

        Assert.Equal(Ok, ended.GrpcStatus);
        Assert.Equal(0, ended.Body[0]); // the response is not compressed: the request did not ask for it
        var node = Node.Parser.ParseFrom(ended.Body.AsSpan(5));
        Assert.Equal("gzip-raw", node.Name);

        // The same node read back through Grpc.Net.Client with a gzip-compressed request.
        var metadata = new Metadata { { "grpc-internal-encoding-request", "gzip" } };
        var read = await server.Nodes.GetNodeAsync(new GetNodeRequest { Id = node.Id }, metadata).ResponseAsync.WaitAsync(Timeout);
        Assert.Equal("gzip-raw", read.Name);
    }

    [Fact]
    public async Task GetNode_GzipMessageJustUnderCap_ReachesHandler()
    {
        // Inflates to 64 bytes under the cap: the handler sees it and rejects the id, not the size.
        var request = new GetNodeRequest { Id = new string('a', RawGrpc.MaxMessageSize - 64) };

        var ended = await RawGrpc.CallAsync(_client, server.Grpc, GrpcMethods.GetNode, RawGrpc.GzipFrame(request), new RawRequest(Encoding: "gzip"));

        output.WriteLine(ended.ToString());
        Assert.Equal(InvalidArgument, ended.GrpcStatus);
    }

    [Fact]
    public async Task GetNode_CompressedWithUnknownEncoding_UnimplementedWithAcceptEncoding()
    {
        var frame = RawGrpc.Frame(new GetNodeRequest { Id = server.NodeId }.ToByteArray(), flag: 1);

        var ended = await RawGrpc.CallAsync(_client, server.Grpc, GrpcMethods.GetNode, frame, new RawRequest(Encoding: "snappy"));

        output.WriteLine($"{ended}; grpc-accept-encoding: {ended.AcceptEncoding}");
        Assert.Equal(Unimplemented, ended.GrpcStatus);
        Assert.Contains("gzip", ended.AcceptEncoding, StringComparison.Ordinal);
    }

    [Fact]
    public async Task GetNode_UnknownEncodingOnUncompressedMessage_Processed()
    {
        // grpc-encoding only matters for messages with the compressed flag.
        var ended = await RawGrpc.CallAsync(_client, server.Grpc, GrpcMethods.GetNode, RawGrpc.Frame(new GetNodeRequest { Id = server.NodeId }), new RawRequest(Encoding: "snappy"));

        Assert.Equal(Ok, ended.GrpcStatus);
    }

    [Fact]
    public async Task GetNode_CompressedFlagWithoutEncoding_Internal()
    {
        var frame = RawGrpc.Frame(new GetNodeRequest { Id = server.NodeId }.ToByteArray(), flag: 1);

        var ended = await RawGrpc.CallAsync(_client, server.Grpc, GrpcMethods.GetNode, frame);

        output.WriteLine(ended.ToString());
        Assert.Equal(Internal, ended.GrpcStatus);
    }

    [Theory]
    [InlineData("application/json")]
    [InlineData("text/plain")]
    [InlineData("application/grpc-web")]
    [InlineData("application/grpcx")]
    public async Task GetNode_WrongContentType_Http415(string contentType)
    {
        var ended = await RawGrpc.CallAsync(_client, server.Grpc, GrpcMethods.GetNode, RawGrpc.Frame(new GetNodeRequest { Id = server.NodeId }), new RawRequest(ContentType: contentType));

        Assert.Equal(HttpStatusCode.UnsupportedMediaType, ended.HttpStatus);
    }

    [Theory]
    [InlineData("application/grpc")]
    [InlineData("application/grpc+proto")]
    [InlineData("application/grpc; charset=utf-8")]
    public async Task GetNode_GrpcContentTypes_Accepted(string contentType)
    {
        var ended = await RawGrpc.CallAsync(_client, server.Grpc, GrpcMethods.GetNode, RawGrpc.Frame(new GetNodeRequest { Id = server.NodeId }), new RawRequest(ContentType: contentType));

        Assert.Equal(Ok, ended.GrpcStatus);
    }

    [Fact]
    public async Task GetNode_OnRestPortOverHttp11_Http404()
    {
        using var client = RawGrpc.CreateClient(http2: false);

        var ended = await RawGrpc.CallAsync(client, server.Server.Http, GrpcMethods.GetNode, RawGrpc.Frame(new GetNodeRequest { Id = server.NodeId }), new RawRequest(Http2: false));

        output.WriteLine(ended.ToString());
        Assert.Equal(HttpStatusCode.NotFound, ended.HttpStatus); // not 426: the gRPC endpoint is not reached at all
        Assert.Null(ended.GrpcStatus);
    }

    [Fact]
    public async Task GetNode_OnRestPortOverHttp2_ConnectionRefusedWithHttp11Required()
    {
        // The REST endpoint speaks HTTP/1.1 and HTTP/2 over cleartext; Kestrel takes HTTP/2 there only through TLS
        // (ALPN), so a prior-knowledge HTTP/2 connection (what gRPC clients open) is closed with HTTP_1_1_REQUIRED
        // before any request is routed: no 404, no 426, no gRPC status.
        using var client = RawGrpc.CreateClient(http2: true);

        var ex = await Assert.ThrowsAsync<HttpRequestException>(() =>
            RawGrpc.CallAsync(client, server.Server.Http, GrpcMethods.GetNode, RawGrpc.Frame(new GetNodeRequest { Id = server.NodeId })));

        output.WriteLine(ex.Message);
        Assert.Equal(Http11Required, Assert.IsType<HttpProtocolException>(ex.InnerException).ErrorCode);

        using var channel = ProtocolServer.CreateChannel(server.Server.Http);
        var rpc = await Assert.ThrowsAsync<RpcException>(() =>
            new NodeService.NodeServiceClient(channel).GetNodeAsync(new GetNodeRequest { Id = server.NodeId }).ResponseAsync.WaitAsync(Timeout));
        output.WriteLine($"Grpc.Net.Client: {rpc.Status}");
        Assert.Equal(StatusCode.Internal, rpc.StatusCode); // Grpc.Net.Client's mapping of HTTP_1_1_REQUIRED
    }

    [Fact]
    public async Task UnknownService_OnGrpcPort_UnimplementedTrailersOnly()
    {
        var ended = await RawGrpc.CallAsync(_client, server.Grpc, GrpcMethods.UnknownService, RawGrpc.Frame(new GetNodeRequest()));

        output.WriteLine(ended.ToString());
        Assert.Equal(HttpStatusCode.OK, ended.HttpStatus);
        Assert.Equal(Unimplemented, ended.GrpcStatus);
        Assert.True(ended.TrailersOnly);
        Assert.Empty(ended.Body);
    }

    [Fact]
    public async Task UnknownMethod_OnGrpcPort_Unimplemented()
    {
        var method = new Method<GetNodeRequest, Node>(
            MethodType.Unary,
            NodeService.Descriptor.FullName,
            "NoSuchMethod",
            Marshallers.Create(r => r.ToByteArray(), GetNodeRequest.Parser.ParseFrom),
            Marshallers.Create(r => r.ToByteArray(), Node.Parser.ParseFrom));
        using var call = server.Channel.CreateCallInvoker().AsyncUnaryCall(method, null, new CallOptions(), new GetNodeRequest { Id = server.NodeId });

        var ex = await Assert.ThrowsAsync<RpcException>(() => call.ResponseAsync.WaitAsync(Timeout));

        output.WriteLine(ex.Status.ToString());
        Assert.Equal(StatusCode.Unimplemented, ex.StatusCode);
    }

    [Fact]
    public async Task WatchNodes_DeadlineExpiresDuringStream_DeadlineExceeded()
    {
        // From revision 0 the stream replays the retained history (the seeded node at least), then waits for more.
        var request = RawGrpc.Frame(new WatchNodesRequest { AfterRevision = 0 });

        var ended = await RawGrpc.CallAsync(_client, server.Grpc, GrpcMethods.WatchNodes, request, new RawRequest(Timeout: "500m"));

        output.WriteLine(ended.ToString());
        Assert.NotEmpty(ended.Body); // events were streamed before the deadline
        Assert.False(ended.TrailersOnly);
        Assert.Equal(DeadlineExceeded, ended.GrpcStatus);
        await server.AssertServesAsync();
    }

    [Fact]
    public async Task StreamHeartbeats_ClientResetsMidCall_ServerSurvivesAndServesNextCall()
    {
        var health = new HealthService.HealthServiceClient(server.Channel);
        using (var cts = new CancellationTokenSource())
        {
            using var call = health.StreamHeartbeats(cancellationToken: cts.Token);
            await call.RequestStream.WriteAsync(new Heartbeat { NodeId = server.NodeId, Seq = 1 }).WaitAsync(Timeout);
            Assert.True(await call.ResponseStream.MoveNext().WaitAsync(Timeout));

            await cts.CancelAsync(); // RST_STREAM(CANCEL) while the server awaits the next heartbeat

            var ex = await Assert.ThrowsAsync<RpcException>(() => call.ResponseStream.MoveNext().WaitAsync(Timeout));
            Assert.Equal(StatusCode.Cancelled, ex.StatusCode);
        }

        using var next = health.StreamHeartbeats();
        await next.RequestStream.WriteAsync(new Heartbeat { NodeId = server.NodeId, Seq = 2 }).WaitAsync(Timeout);
        Assert.True(await next.ResponseStream.MoveNext().WaitAsync(Timeout));
        Assert.Equal(2UL, next.ResponseStream.Current.Seq);
        await next.RequestStream.CompleteAsync().WaitAsync(Timeout);
        Assert.False(await next.ResponseStream.MoveNext().WaitAsync(Timeout));
        await server.AssertServesAsync();
    }

    [Fact]
    public async Task GetNode_ClientResetsAfterWholeMessage_ServerSurvivesAndServesNextCall()
    {
        var content = new HeldOpenContent(RawGrpc.Frame(new GetNodeRequest { Id = server.NodeId }));
        using var cts = new CancellationTokenSource();
        var send = RawGrpc.SendAsync(_client, server.Grpc, GrpcMethods.GetNode, content, cancellationToken: cts.Token);

        await content.BodySent.WaitAsync(Timeout); // the server has the message and waits for the end of the request
        await cts.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => send.WaitAsync(Timeout));
        await server.AssertServesAsync();
    }

    [Fact]
    public async Task GetNode_NoRequestMessage_Internal()
    {
        var ended = await RawGrpc.CallAsync(_client, server.Grpc, GrpcMethods.GetNode, []);

        output.WriteLine(ended.ToString());
        Assert.Equal(Internal, ended.GrpcStatus);
    }

    [Fact]
    public async Task GetNode_TwoRequestMessages_Internal()
    {
        var frame = RawGrpc.Frame(new GetNodeRequest { Id = server.NodeId });

        var ended = await RawGrpc.CallAsync(_client, server.Grpc, GrpcMethods.GetNode, [.. frame, .. frame]);

        output.WriteLine(ended.ToString());
        Assert.Equal(Internal, ended.GrpcStatus);
        Assert.Empty(ended.Body); // no response message: the second message fails the call before the handler runs
    }

    [Theory]
    [InlineData("truncated-field", new byte[] { 0x0A, 0x05, 0x61 })]
    [InlineData("invalid-wire-type", new byte[] { 0x0F, 0x01 })]
    [InlineData("invalid-utf8", new byte[] { 0x0A, 0x01, 0xFF })]
    [InlineData("varint-overflow", new byte[] { 0x08, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0x01 })]
    public async Task GetNode_MalformedProtobuf_NotOkAndServerSurvives(string name, byte[] payload)
    {
        var ended = await RawGrpc.CallAsync(_client, server.Grpc, GrpcMethods.GetNode, RawGrpc.Frame(payload));

        output.WriteLine($"{name}: {ended}");
        Assert.NotEqual(Ok, ended.GrpcStatus);
        Assert.Equal(Unknown, ended.GrpcStatus); // stock: the parse error is a handler exception ("Exception was thrown by handler.")
        await server.AssertServesAsync();
    }

    [Fact]
    public async Task StreamHeartbeats_BadFlag_UnknownAndServerSurvives()
    {
        var frame = RawGrpc.Frame(new Heartbeat { NodeId = server.NodeId, Seq = 1 }.ToByteArray(), flag: 2);

        var ended = await RawGrpc.CallAsync(_client, server.Grpc, GrpcMethods.StreamHeartbeats, frame);

        output.WriteLine(ended.ToString());
        Assert.Equal(Unknown, ended.GrpcStatus);
        await server.AssertServesAsync();
    }

    public void Dispose()
    {
        _client.Dispose();
        server.AssertNoUnexpectedErrors(_logMark);
    }
}
