using NodeManager.Grpc.Tests.Infrastructure;
using NodeManager.Grpc.Tests.Protos;

namespace NodeManager.Grpc.Tests.Client;

[Collection(GrpcServerCollection.Name)]
public class ErrorAndDeadlineTests(GrpcTestServer server)
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task UnaryAsync_HandlerThrowsRpcException_ReturnsStatusAndTrailers()
    {
        using var channel = server.CreateChannel();

        var ex = await Assert.ThrowsAsync<RpcException>(() => channel.UnaryAsync(TestMethods.Echo, new EchoRequest { Message = "status", StatusCode = (int)StatusCode.NotFound, StatusDetail = "node 42 not found" }).WaitAsync(Timeout));

        Assert.Equal(StatusCode.NotFound, ex.StatusCode);
        Assert.Equal("node 42 not found", ex.Status.Detail);
        Assert.Equal("trailer-value", ex.Trailers.GetValue("x-trailer"));
    }

    [Fact]
    public async Task UnaryAsync_NonAsciiStatusMessage_RoundTripsPercentEncoding()
    {
        using var channel = server.CreateChannel();
        const string detail = "Grüße 世界: 100% kaputt\r\n";

        var ex = await Assert.ThrowsAsync<RpcException>(() => channel.UnaryAsync(TestMethods.Echo, new EchoRequest { Message = "status", StatusCode = (int)StatusCode.InvalidArgument, StatusDetail = detail }).WaitAsync(Timeout));

        Assert.Equal(StatusCode.InvalidArgument, ex.StatusCode);
        Assert.Equal(detail, ex.Status.Detail);
    }

    [Fact]
    public async Task UnaryAsync_HandlerThrowsOtherException_ReturnsUnknownWithoutDetail()
    {
        using var channel = server.CreateChannel();

        var ex = await Assert.ThrowsAsync<RpcException>(() => channel.UnaryAsync(TestMethods.Echo, new EchoRequest { Message = "throw" }).WaitAsync(Timeout));

        Assert.Equal(StatusCode.Unknown, ex.StatusCode);
        Assert.DoesNotContain("secret", ex.Status.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task TrailersOnlyError_RawResponse_HasStatusInHeadersAndNoBody()
    {
        using var client = RawGrpc.CreateClient();

        using var response = await RawGrpc.SendAsync(client, server.Http2Address, TestMethods.Service + "/Echo", RawGrpc.Frame(new EchoRequest { Message = "status", StatusCode = 5, StatusDetail = "gone" })).WaitAsync(Timeout);
        var body = await response.Content.ReadAsByteArrayAsync().WaitAsync(Timeout);

        Assert.Empty(body);
        Assert.Equal("5", RawGrpc.Header(response, "grpc-status"));
        Assert.Equal("gone", RawGrpc.Header(response, "grpc-message"));
        Assert.Empty(response.TrailingHeaders);
    }

    [Fact]
    public async Task UnaryAsync_DeadlineExpires_ThrowsDeadlineExceededAndServerObservesCancellation()
    {
        using var channel = server.CreateChannel();
        var testId = Guid.NewGuid().ToString();

        var ex = await Assert.ThrowsAsync<RpcException>(() => channel.UnaryAsync(TestMethods.Echo, new EchoRequest { Message = "wait", TestId = testId }, new CallOptions(Deadline: DateTime.UtcNow.AddMilliseconds(300))).WaitAsync(Timeout));

        Assert.Equal(StatusCode.DeadlineExceeded, ex.StatusCode);
        await server.Signals.Get(testId, "canceled").Task.WaitAsync(Timeout);
    }

    [Fact]
    public async Task ServerDeadline_RawRequestWithTimeout_ReturnsDeadlineExceededStatus()
    {
        using var client = RawGrpc.CreateClient();
        var testId = Guid.NewGuid().ToString();

        using var response = await RawGrpc.SendAsync(client, server.Http2Address, TestMethods.Service + "/Echo", RawGrpc.Frame(new EchoRequest { Message = "wait", TestId = testId }), timeout: "200m").WaitAsync(Timeout);
        await response.Content.ReadAsByteArrayAsync().WaitAsync(Timeout);

        Assert.Equal("4", RawGrpc.Status(response));
    }

    [Fact]
    public async Task ServerDeadline_HandlerIgnoresToken_StillReturnsDeadlineExceeded()
    {
        using var client = RawGrpc.CreateClient();

        using var response = await RawGrpc.SendAsync(client, server.Http2Address, TestMethods.Service + "/Echo", RawGrpc.Frame(new EchoRequest { Message = "ignore-deadline" }), timeout: "100m").WaitAsync(Timeout);
        await response.Content.ReadAsByteArrayAsync().WaitAsync(Timeout);

        Assert.Equal("4", RawGrpc.Status(response));
    }

    /// <summary>Regression (CI crash): the deadline timer fired on a request the client had reset; the pipe threw on the timer thread and took the process down.</summary>
    [Fact]
    public async Task ServerDeadline_FiresAfterClientReset_ProcessKeepsServing()
    {
        for (var i = 0; i < 5; i++)
        {
            using var client = RawGrpc.CreateClient();
            using var reset = new CancellationTokenSource(TimeSpan.FromMilliseconds(50));
            await Assert.ThrowsAnyAsync<OperationCanceledException>(() =>
                RawGrpc.SendAsync(client, server.Http2Address, TestMethods.Service + "/Echo", RawGrpc.Frame(new EchoRequest { Message = "hold" }), timeout: "200m", cancellationToken: reset.Token)
                    .WaitAsync(Timeout));
        }

        using var channel = server.CreateChannel();
        await Task.Delay(TimeSpan.FromSeconds(1)); // let every deadline timer and held handler run out
        var echo = await channel.UnaryAsync(TestMethods.Echo, new EchoRequest { Message = "still alive" }).WaitAsync(Timeout);
        Assert.Equal("still alive", echo.Message);
    }

    [Fact]
    public async Task UnaryAsync_DeadlineInPast_FailsWithoutSending()
    {
        using var channel = server.CreateChannel();

        var ex = await Assert.ThrowsAsync<RpcException>(() => channel.UnaryAsync(TestMethods.Echo, new EchoRequest(), new CallOptions(Deadline: DateTime.UtcNow.AddSeconds(-1))).WaitAsync(Timeout));

        Assert.Equal(StatusCode.DeadlineExceeded, ex.StatusCode);
    }

    [Fact]
    public async Task UnaryAsync_ClientCancels_ThrowsCancelledAndHandlerObservesIt()
    {
        using var channel = server.CreateChannel();
        using var cts = new CancellationTokenSource();
        var testId = Guid.NewGuid().ToString();

        var call = channel.UnaryAsync(TestMethods.Echo, new EchoRequest { Message = "wait", TestId = testId }, new CallOptions(CancellationToken: cts.Token));
        await server.Signals.Get(testId, "started").Task.WaitAsync(Timeout);
        await cts.CancelAsync();

        var ex = await Assert.ThrowsAsync<RpcException>(() => call.WaitAsync(Timeout));
        Assert.Equal(StatusCode.Cancelled, ex.StatusCode);
        await server.Signals.Get(testId, "canceled").Task.WaitAsync(Timeout);
    }

    [Fact]
    public async Task ServerStreaming_DisposedMidStream_HandlerObservesCancellation()
    {
        using var channel = server.CreateChannel();
        var testId = Guid.NewGuid().ToString();

        var call = channel.ServerStreaming(TestMethods.Repeat, new EchoRequest { Message = "wait", Count = 1, TestId = testId });
        Assert.True(await call.ResponseStream.MoveNext().WaitAsync(Timeout));
        await server.Signals.Get(testId, "started").Task.WaitAsync(Timeout);
        call.Dispose();

        await server.Signals.Get(testId, "canceled").Task.WaitAsync(Timeout);
        Assert.Equal(StatusCode.Cancelled, call.GetStatus().StatusCode);
    }

    [Fact]
    public async Task UnaryAsync_HandlerThrowsUndefinedStatusCode_ClientSeesUnknown()
    {
        using var channel = server.CreateChannel();

        var ex = await Assert.ThrowsAsync<RpcException>(() => channel.UnaryAsync(TestMethods.Echo, new EchoRequest { Message = "status", StatusCode = 42, StatusDetail = "odd" }).WaitAsync(Timeout));

        Assert.Equal(StatusCode.Unknown, ex.StatusCode);
        Assert.Equal("odd", ex.Status.Detail);
    }

    [Fact]
    public async Task ServerDeadline_AfterMessagesWereSent_StatusGoesInTrailers()
    {
        using var client = RawGrpc.CreateClient();
        var testId = Guid.NewGuid().ToString();

        using var response = await RawGrpc.SendAsync(client, server.Http2Address, TestMethods.Service + "/Repeat", RawGrpc.Frame(new EchoRequest { Message = "wait", Count = 1, TestId = testId }), timeout: "300m").WaitAsync(Timeout);
        var body = await response.Content.ReadAsByteArrayAsync().WaitAsync(Timeout);

        Assert.True(body.Length > 5);
        Assert.Null(RawGrpc.Header(response, "grpc-status"));
        Assert.Equal("4", RawGrpc.Status(response));
        await server.Signals.Get(testId, "canceled").Task.WaitAsync(Timeout);
    }

    [Fact]
    public async Task ServerCallContext_GrpcTimeoutHeader_SetsDeadline()
    {
        using var channel = server.CreateChannel();
        var before = DateTime.UtcNow;

        var response = await channel.UnaryAsync(TestMethods.Echo, new EchoRequest { Message = "deadline" }, new CallOptions(Deadline: before.AddSeconds(10))).WaitAsync(Timeout);

        var after = DateTime.UtcNow;

        // The server's deadline is its receive time plus the remaining timeout sent: no later than the
        // reply plus 10 s (and a unit of rounding), however long the call waited on a loaded machine.
        var deadline = DateTime.Parse(response.Message, System.Globalization.CultureInfo.InvariantCulture, System.Globalization.DateTimeStyles.RoundtripKind);
        Assert.InRange(deadline, before.AddSeconds(9), after.AddSeconds(10.1));
        Assert.Equal("/nodemanager.test.v1.TestService/Echo".Length, response.Total);
    }

    [Fact]
    public async Task ServerCallContext_NoTimeout_DeadlineIsMaxValue()
    {
        using var channel = server.CreateChannel();

        var response = await channel.UnaryAsync(TestMethods.Echo, new EchoRequest { Message = "deadline" }).WaitAsync(Timeout);

        Assert.Equal(DateTime.MaxValue.ToString("O", System.Globalization.CultureInfo.InvariantCulture), response.Message);
    }
}
