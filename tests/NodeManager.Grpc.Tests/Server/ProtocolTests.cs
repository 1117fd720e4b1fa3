using System.Net;
using NodeManager.Grpc.Tests.Infrastructure;
using NodeManager.Grpc.Tests.Protos;

namespace NodeManager.Grpc.Tests.Server;

[Collection(GrpcServerCollection.Name)]
public class ProtocolTests(GrpcTestServer server)
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task Call_Http1Request_ReturnsHttpErrorNotHang()
    {
        using var client = RawGrpc.CreateClient(http2: false);

        using var response = await RawGrpc.SendAsync(client, server.Http1Address, TestMethods.Service + "/Echo", RawGrpc.Frame(new EchoRequest()), http2: false).WaitAsync(Timeout);

        Assert.Equal(HttpStatusCode.UpgradeRequired, response.StatusCode);
    }

    [Theory]
    [InlineData("application/json")]
    [InlineData("text/plain")]
    [InlineData("application/grpc-web")]
    public async Task Call_WrongContentType_Returns415(string contentType)
    {
        using var client = RawGrpc.CreateClient();

        using var response = await RawGrpc.SendAsync(client, server.Http2Address, TestMethods.Service + "/Echo", RawGrpc.Frame(new EchoRequest()), contentType).WaitAsync(Timeout);

        Assert.Equal(HttpStatusCode.UnsupportedMediaType, response.StatusCode);
    }

    [Theory]
    [InlineData("application/grpc")]
    [InlineData("application/grpc+proto")]
    [InlineData("application/grpc; charset=utf-8")]
    public async Task Call_GrpcContentTypes_AreAccepted(string contentType)
    {
        using var client = RawGrpc.CreateClient();

        using var response = await RawGrpc.SendAsync(client, server.Http2Address, TestMethods.Service + "/Echo", RawGrpc.Frame(new EchoRequest { Message = "x" }), contentType).WaitAsync(Timeout);
        await response.Content.ReadAsByteArrayAsync().WaitAsync(Timeout);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("0", RawGrpc.Status(response));
    }

    [Fact]
    public async Task UnaryAsync_UnknownMethod_ThrowsUnimplemented()
    {
        using var channel = server.CreateChannel();
        var method = new Method<EchoRequest, EchoResponse>(TestMethods.Service, "NoSuchMethod", EchoResponse.Parser);

        var ex = await Assert.ThrowsAsync<RpcException>(() => channel.UnaryAsync(method, new EchoRequest()).WaitAsync(Timeout));

        Assert.Equal(StatusCode.Unimplemented, ex.StatusCode);
        Assert.Contains("NoSuchMethod", ex.Status.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task UnaryAsync_UnknownService_ThrowsUnimplementedTrailersOnly()
    {
        using var client = RawGrpc.CreateClient();

        using var response = await RawGrpc.SendAsync(client, server.Http2Address, "no.such.Service/Call", RawGrpc.Frame(new EchoRequest())).WaitAsync(Timeout);
        var body = await response.Content.ReadAsByteArrayAsync().WaitAsync(Timeout);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Empty(body);
        Assert.Equal("12", RawGrpc.Header(response, "grpc-status"));
    }

    [Fact]
    public async Task UnaryAsync_MessageNearLimit_Succeeds()
    {
        using var channel = server.CreateChannel();
        var payload = Google.Protobuf.ByteString.CopyFrom(new byte[(4 * 1024 * 1024) - 64]);

        var response = await channel.UnaryAsync(TestMethods.Echo, new EchoRequest { Payload = payload }).WaitAsync(Timeout);

        Assert.Equal(payload.Length, response.Payload.Length);
    }

    [Fact]
    public async Task UnaryAsync_MessageOverServerLimit_ThrowsResourceExhausted()
    {
        using var channel = server.CreateChannel();
        var payload = Google.Protobuf.ByteString.CopyFrom(new byte[(4 * 1024 * 1024) + 1]);

        var ex = await Assert.ThrowsAsync<RpcException>(() => channel.UnaryAsync(TestMethods.Echo, new EchoRequest { Payload = payload }).WaitAsync(Timeout));

        Assert.Equal(StatusCode.ResourceExhausted, ex.StatusCode);
    }

    [Fact]
    public async Task UnaryAsync_ResponseOverClientLimit_ThrowsResourceExhausted()
    {
        using var channel = server.CreateChannel(new GrpcChannelOptions { MaxReceiveMessageSize = 1024 });

        var ex = await Assert.ThrowsAsync<RpcException>(() => channel.UnaryAsync(TestMethods.Echo, new EchoRequest { Payload = Google.Protobuf.ByteString.CopyFrom(new byte[2048]) }).WaitAsync(Timeout));

        Assert.Equal(StatusCode.ResourceExhausted, ex.StatusCode);
    }

    [Fact]
    public async Task UnaryAsync_RequestOverClientSendLimit_ThrowsResourceExhaustedWithoutSending()
    {
        using var channel = server.CreateChannel(new GrpcChannelOptions { MaxSendMessageSize = 10 });

        var ex = await Assert.ThrowsAsync<RpcException>(() => channel.UnaryAsync(TestMethods.Echo, new EchoRequest { Message = "more than ten bytes" }).WaitAsync(Timeout));

        Assert.Equal(StatusCode.ResourceExhausted, ex.StatusCode);
    }

    [Fact]
    public async Task Unary_TwoRequestMessages_ReturnsInternal()
    {
        using var client = RawGrpc.CreateClient();
        var frame = RawGrpc.Frame(new EchoRequest { Message = "a" });

        using var response = await RawGrpc.SendAsync(client, server.Http2Address, TestMethods.Service + "/Echo", [.. frame, .. frame]).WaitAsync(Timeout);
        await response.Content.ReadAsByteArrayAsync().WaitAsync(Timeout);

        Assert.Equal("13", RawGrpc.Status(response));
    }

    [Fact]
    public async Task Unary_NoRequestMessage_ReturnsInternal()
    {
        using var client = RawGrpc.CreateClient();

        using var response = await RawGrpc.SendAsync(client, server.Http2Address, TestMethods.Service + "/Echo", []).WaitAsync(Timeout);
        await response.Content.ReadAsByteArrayAsync().WaitAsync(Timeout);

        Assert.Equal("13", RawGrpc.Status(response));
    }

    [Fact]
    public async Task Unary_CompressedFlagWithoutEncoding_ReturnsInternal()
    {
        using var client = RawGrpc.CreateClient();

        using var response = await RawGrpc.SendAsync(client, server.Http2Address, TestMethods.Service + "/Echo", [1, 0, 0, 0, 1, 0]).WaitAsync(Timeout);
        await response.Content.ReadAsByteArrayAsync().WaitAsync(Timeout);

        Assert.Equal("13", RawGrpc.Status(response));
    }

    [Fact]
    public async Task Unary_CompressedWithUnsupportedEncoding_ReturnsUnimplementedAndAcceptEncoding()
    {
        using var client = RawGrpc.CreateClient();

        using var response = await RawGrpc.SendAsync(client, server.Http2Address, TestMethods.Service + "/Echo", [1, 0, 0, 0, 1, 0], encoding: "snappy").WaitAsync(Timeout);
        await response.Content.ReadAsByteArrayAsync().WaitAsync(Timeout);

        Assert.Equal("12", RawGrpc.Status(response));
        Assert.Contains("gzip", RawGrpc.Header(response, "grpc-accept-encoding"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task UnaryAsync_ManyConcurrentCallsOnOneConnection_AllRunAtOnce()
    {
        const int Calls = 250;
        using var channel = server.CreateChannel(new GrpcChannelOptions { EnableMultipleHttp2Connections = false });
        var testId = Guid.NewGuid().ToString();

        var calls = Enumerable.Range(0, Calls)
            .Select(_ => channel.UnaryAsync(TestMethods.Echo, new EchoRequest { Message = "barrier", Count = Calls, TestId = testId }))
            .ToArray();
        var responses = await Task.WhenAll(calls).WaitAsync(Timeout);

        Assert.Equal(Calls, responses.Length);
        Assert.Equal(1, server.Handlers.ConnectionCount(testId));
    }

    [Fact]
    public async Task ClientStreaming_MessageOverServerLimit_ResponseThrowsResourceExhausted()
    {
        using var channel = server.CreateChannel();
        using var call = channel.ClientStreaming(TestMethods.Sum);
        var payload = Google.Protobuf.ByteString.CopyFrom(new byte[(4 * 1024 * 1024) + 1]);

        try
        {
            await call.RequestStream.WriteAsync(new EchoRequest { Payload = payload }).WaitAsync(Timeout);
            await call.RequestStream.WriteAsync(new EchoRequest { Payload = payload }).WaitAsync(Timeout);
        }
        catch (RpcException ex)
        {
            // A write may already see the server's status; it must be the server's, not a transport error.
            Assert.Equal(StatusCode.ResourceExhausted, ex.StatusCode);
        }

        var response = await Assert.ThrowsAsync<RpcException>(() => call.ResponseAsync.WaitAsync(Timeout));
        Assert.Equal(StatusCode.ResourceExhausted, response.StatusCode);
    }

    [Fact]
    public async Task UnaryAsync_HandlerSetsErrorStatus_SendsStatusWithoutMessage()
    {
        using var client = RawGrpc.CreateClient();

        using var response = await RawGrpc.SendAsync(client, server.Http2Address, TestMethods.Service + "/Echo", RawGrpc.Frame(new EchoRequest { Message = "set-status" })).WaitAsync(Timeout);
        var body = await response.Content.ReadAsByteArrayAsync().WaitAsync(Timeout);

        Assert.Empty(body);
        Assert.Equal("9", RawGrpc.Header(response, "grpc-status"));
    }
}
