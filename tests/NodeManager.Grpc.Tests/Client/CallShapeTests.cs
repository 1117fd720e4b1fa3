using Google.Protobuf;
using NodeManager.Grpc.Tests.Infrastructure;
using NodeManager.Grpc.Tests.Protos;

namespace NodeManager.Grpc.Tests.Client;

[Collection(GrpcServerCollection.Name)]
public class CallShapeTests(GrpcTestServer server)
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task UnaryAsync_Echo_ReturnsResponse()
    {
        using var channel = server.CreateChannel();

        var response = await channel.UnaryAsync(TestMethods.Echo, new EchoRequest { Message = "hi", Payload = ByteString.CopyFromUtf8("body") }).WaitAsync(Timeout);

        Assert.Equal("hi", response.Message);
        Assert.Equal("body", response.Payload.ToStringUtf8());
        Assert.StartsWith("ipv4:127.0.0.1:", response.Peer, StringComparison.Ordinal);
    }

    [Fact]
    public async Task UnaryAsync_EmptyRequest_ReturnsEmptyResponse()
    {
        using var channel = server.CreateChannel();

        var response = await channel.UnaryAsync(TestMethods.Echo, new EchoRequest()).WaitAsync(Timeout);

        Assert.Equal(string.Empty, response.Message);
    }

    [Fact]
    public async Task UnaryAsync_CustomHeaders_ReachHandlerAndResponseHeadersAreSent()
    {
        using var channel = server.CreateChannel();

        var response = await channel.UnaryAsync(TestMethods.Echo, new EchoRequest { Message = "headers" }, new CallOptions(Headers: new Metadata { { "x-custom", "custom-value" } })).WaitAsync(Timeout);

        Assert.Equal("custom-value", response.Message);
    }

    [Fact]
    public async Task ClientStreaming_SeveralMessages_ReturnsAggregate()
    {
        using var channel = server.CreateChannel();
        using var call = channel.ClientStreaming(TestMethods.Sum);

        for (var i = 1; i <= 10; i++)
        {
            await call.RequestStream.WriteAsync(new EchoRequest { Count = i }).WaitAsync(Timeout);
        }

        await call.RequestStream.CompleteAsync().WaitAsync(Timeout);
        var response = await call.ResponseAsync.WaitAsync(Timeout);

        Assert.Equal(55, response.Total);
        Assert.Equal("10", response.Message);
        Assert.Equal(StatusCode.OK, call.GetStatus().StatusCode);
    }

    [Fact]
    public async Task ClientStreaming_ManyMessagesBackToBack_AllArriveOnceInOrder()
    {
        // Writes return before the bytes are sent and are coalesced into fewer DATA frames; a 1 KiB payload
        // makes the buffer cross its backpressure limit many times over.
        using var channel = server.CreateChannel();
        using var call = channel.ClientStreaming(TestMethods.Sum);
        var payload = ByteString.CopyFrom(new byte[1024]);
        const int Messages = 5_000;

        for (var i = 1; i <= Messages; i++)
        {
            await call.RequestStream.WriteAsync(new EchoRequest { Count = i, Payload = payload }).WaitAsync(Timeout);
        }

        await call.RequestStream.CompleteAsync().WaitAsync(Timeout);
        var response = await call.ResponseAsync.WaitAsync(Timeout);

        Assert.Equal(Messages * (Messages + 1) / 2, response.Total);
        Assert.Equal("5000", response.Message);
    }

    [Fact]
    public async Task ClientStreaming_ServerFailsWhileWritesAreBuffered_WritesAndResponseReportServerStatus()
    {
        using var channel = server.CreateChannel();
        using var call = channel.ClientStreaming(TestMethods.Sum);
        await call.RequestStream.WriteAsync(new EchoRequest { Count = 1, Message = "fail" }).WaitAsync(Timeout);

        var ex = await Assert.ThrowsAsync<RpcException>(async () =>
        {
            // The call ends with the server's status; a later write must report it, not a transport error.
            for (var i = 0; i < 1_000_000; i++)
            {
                await call.RequestStream.WriteAsync(new EchoRequest { Count = 1 }).WaitAsync(Timeout);
            }
        });
        var response = await Assert.ThrowsAsync<RpcException>(() => call.ResponseAsync.WaitAsync(Timeout));

        Assert.Equal(StatusCode.FailedPrecondition, ex.StatusCode);
        Assert.Equal(StatusCode.FailedPrecondition, response.StatusCode);
    }

    [Fact]
    public async Task ClientStreaming_NoMessages_ReturnsZero()
    {
        using var channel = server.CreateChannel();
        using var call = channel.ClientStreaming(TestMethods.Sum);

        await call.RequestStream.CompleteAsync().WaitAsync(Timeout);
        var response = await call.ResponseAsync.WaitAsync(Timeout);

        Assert.Equal(0, response.Total);
    }

    [Fact]
    public async Task ClientStreaming_HandlerFailsMidStream_ThrowsStatus()
    {
        using var channel = server.CreateChannel();
        using var call = channel.ClientStreaming(TestMethods.Sum);

        await call.RequestStream.WriteAsync(new EchoRequest { Count = 1, Message = "fail" }).WaitAsync(Timeout);
        var ex = await Assert.ThrowsAsync<RpcException>(() => call.ResponseAsync.WaitAsync(Timeout));

        Assert.Equal(StatusCode.FailedPrecondition, ex.StatusCode);
        Assert.Equal("failed after 1", ex.Status.Detail);
    }

    [Fact]
    public async Task ServerStreaming_Count_ReturnsAllMessagesThenOk()
    {
        using var channel = server.CreateChannel();
        using var call = channel.ServerStreaming(TestMethods.Repeat, new EchoRequest { Message = "r", Count = 100 });

        var totals = new List<int>();
        await foreach (var message in call.ResponseStream.ReadAllAsync().WithCancellation(CancellationToken.None))
        {
            totals.Add(message.Total);
        }

        Assert.Equal(Enumerable.Range(0, 100), totals);
        Assert.Equal(StatusCode.OK, call.GetStatus().StatusCode);
    }

    [Fact]
    public async Task ServerStreaming_NoMessages_EndsWithOk()
    {
        using var channel = server.CreateChannel();
        using var call = channel.ServerStreaming(TestMethods.Repeat, new EchoRequest { Count = 0 });

        Assert.False(await call.ResponseStream.MoveNext().WaitAsync(Timeout));
        Assert.Equal(StatusCode.OK, call.GetStatus().StatusCode);
    }

    [Fact]
    public async Task ServerStreaming_ErrorAfterMessages_ThrowsStatusFromTrailers()
    {
        using var channel = server.CreateChannel();
        using var call = channel.ServerStreaming(TestMethods.Repeat, new EchoRequest { Count = 3, StatusCode = (int)StatusCode.Aborted, StatusDetail = "stopped" });

        var received = 0;
        var ex = await Assert.ThrowsAsync<RpcException>(async () =>
        {
            while (await call.ResponseStream.MoveNext().WaitAsync(Timeout))
            {
                received++;
            }
        });

        Assert.Equal(3, received);
        Assert.Equal(StatusCode.Aborted, ex.StatusCode);
        Assert.Equal("stopped", ex.Status.Detail);
    }

    [Fact]
    public async Task DuplexStreaming_PingPong_EchoesEachMessage()
    {
        using var channel = server.CreateChannel();
        using var call = channel.DuplexStreaming(TestMethods.Chat);

        for (var i = 0; i < 20; i++)
        {
            await call.RequestStream.WriteAsync(new EchoRequest { Message = "m", Count = i }).WaitAsync(Timeout);
            Assert.True(await call.ResponseStream.MoveNext().WaitAsync(Timeout));
            Assert.Equal(i, call.ResponseStream.Current.Total);
        }

        await call.RequestStream.CompleteAsync().WaitAsync(Timeout);
        Assert.False(await call.ResponseStream.MoveNext().WaitAsync(Timeout));
        Assert.Equal(StatusCode.OK, call.GetStatus().StatusCode);
    }

    [Fact]
    public async Task DuplexStreaming_ServerEndsRequestStream_HandlerReturnsAndClientGetsItsStatus()
    {
        var testId = Guid.NewGuid().ToString("N");
        using var channel = server.CreateChannel();
        using var call = channel.DuplexStreaming(TestMethods.Chat);

        await call.RequestStream.WriteAsync(new EchoRequest { Message = "end-stream", TestId = testId }).WaitAsync(Timeout);
        Assert.True(await call.ResponseStream.MoveNext().WaitAsync(Timeout));

        var ex = await Assert.ThrowsAsync<RpcException>(() => call.ResponseStream.MoveNext().WaitAsync(Timeout));
        Assert.Equal(StatusCode.Unavailable, ex.StatusCode);
        Assert.Equal("ended by the server", ex.Status.Detail);
        await server.Signals.Get(testId, "loop-ended").Task.WaitAsync(Timeout); // the handler's read loop ended normally
    }

    [Fact]
    public async Task UnaryAsync_CompressedRequests_RoundTrip()
    {
        using var channel = server.CreateChannel(new GrpcChannelOptions { CompressRequests = true });
        var payload = ByteString.CopyFrom(new byte[100_000]);

        var response = await channel.UnaryAsync(TestMethods.Echo, new EchoRequest { Message = "zip", Payload = payload }).WaitAsync(Timeout);

        Assert.Equal(payload, response.Payload);
    }

    [Fact]
    public async Task DuplexStreaming_CompressedRequests_RoundTrip()
    {
        using var channel = server.CreateChannel(new GrpcChannelOptions { CompressRequests = true });
        using var call = channel.DuplexStreaming(TestMethods.Chat);

        await call.RequestStream.WriteAsync(new EchoRequest { Message = new string('a', 1000) }).WaitAsync(Timeout);
        Assert.True(await call.ResponseStream.MoveNext().WaitAsync(Timeout));
        await call.RequestStream.CompleteAsync().WaitAsync(Timeout);

        Assert.Equal(1000, call.ResponseStream.Current.Message.Length);
        Assert.False(await call.ResponseStream.MoveNext().WaitAsync(Timeout));
    }
}
