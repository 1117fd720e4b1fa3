using Google.Protobuf;
using NodeManager.Grpc.Tests.Infrastructure;
using NodeManager.Grpc.Tests.Protos;

namespace NodeManager.Grpc.Tests.Server;

public class ResponseCompressionTests(CompressingGrpcTestServer server) : IClassFixture<CompressingGrpcTestServer>
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task UnaryAsync_ServerCompressesResponses_ClientDecompresses()
    {
        using var channel = server.CreateChannel();
        var payload = ByteString.CopyFrom(new byte[50_000]);

        var response = await channel.UnaryAsync(TestMethods.Echo, new EchoRequest { Payload = payload }).WaitAsync(Timeout);

        Assert.Equal(payload, response.Payload);
    }

    [Fact]
    public async Task RawCall_ServerCompressesResponses_SetsFlagAndEncodingHeader()
    {
        using var client = RawGrpc.CreateClient();
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri(server.Http2Address, TestMethods.Service + "/Echo"))
        {
            Version = System.Net.HttpVersion.Version20,
            VersionPolicy = HttpVersionPolicy.RequestVersionExact,
            Content = new ByteArrayContent(RawGrpc.Frame(new EchoRequest { Message = new string('z', 1000) })),
        };
        request.Content.Headers.TryAddWithoutValidation("content-type", "application/grpc");
        request.Headers.TryAddWithoutValidation("grpc-accept-encoding", "gzip");

        using var response = await client.SendAsync(request).WaitAsync(Timeout);
        var body = await response.Content.ReadAsByteArrayAsync().WaitAsync(Timeout);

        Assert.Equal("gzip", RawGrpc.Header(response, "grpc-encoding"));
        Assert.Equal(1, body[0]);
        Assert.True(body.Length < 1000);
    }

    [Fact]
    public async Task ServerStreaming_ServerCompressesResponses_ClientDecompressesEachMessage()
    {
        using var channel = server.CreateChannel();
        using var call = channel.ServerStreaming(TestMethods.Repeat, new EchoRequest { Message = new string('q', 500), Count = 5 });

        var count = 0;
        while (await call.ResponseStream.MoveNext().WaitAsync(Timeout))
        {
            Assert.Equal(500, call.ResponseStream.Current.Message.Length);
            count++;
        }

        Assert.Equal(5, count);
    }

    [Fact]
    public async Task UnaryAsync_DetailedErrorsEnabled_IncludesExceptionMessage()
    {
        using var channel = server.CreateChannel();

        var ex = await Assert.ThrowsAsync<RpcException>(() => channel.UnaryAsync(TestMethods.Echo, new EchoRequest { Message = "throw" }).WaitAsync(Timeout));

        Assert.Equal(StatusCode.Unknown, ex.StatusCode);
        Assert.Contains("secret internal detail", ex.Status.Detail, StringComparison.Ordinal);
    }
}
