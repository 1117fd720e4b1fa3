using Grpc.Health.V1;
using NodeManager.Grpc.Tests.Infrastructure;
using ServingStatus = Grpc.Health.V1.HealthCheckResponse.Types.ServingStatus;

namespace NodeManager.Grpc.Tests.Health;

[Collection(GrpcServerCollection.Name)]
public class HealthServiceTests(GrpcTestServer server)
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);
    private static readonly Method<HealthCheckRequest, HealthCheckResponse> Check = new("grpc.health.v1.Health", "Check", HealthCheckResponse.Parser);
    private static readonly Method<HealthCheckRequest, HealthCheckResponse> Watch = new("grpc.health.v1.Health", "Watch", HealthCheckResponse.Parser, MethodType.ServerStreaming);

    [Theory]
    [InlineData("", ServingStatus.Serving)]
    [InlineData("unhealthy", ServingStatus.NotServing)]
    [InlineData("throws", ServingStatus.NotServing)]
    public async Task Check_RegisteredService_ReturnsProbeResult(string service, ServingStatus expected)
    {
        using var channel = server.CreateChannel();

        var response = await channel.UnaryAsync(Check, new HealthCheckRequest { Service = service }).WaitAsync(Timeout);

        Assert.Equal(expected, response.Status);
    }

    [Fact]
    public async Task Check_UnknownService_ThrowsNotFound()
    {
        using var channel = server.CreateChannel();

        var ex = await Assert.ThrowsAsync<RpcException>(() => channel.UnaryAsync(Check, new HealthCheckRequest { Service = "nope" }).WaitAsync(Timeout));

        Assert.Equal(StatusCode.NotFound, ex.StatusCode);
    }

    [Fact]
    public async Task Watch_ProbeChanges_StreamsEachChange()
    {
        using var channel = server.CreateChannel();
        server.HealthToggle = true;
        using var call = channel.ServerStreaming(Watch, new HealthCheckRequest { Service = "toggle" });

        Assert.True(await call.ResponseStream.MoveNext().WaitAsync(Timeout));
        Assert.Equal(ServingStatus.Serving, call.ResponseStream.Current.Status);

        server.HealthToggle = false;
        Assert.True(await call.ResponseStream.MoveNext().WaitAsync(Timeout));
        Assert.Equal(ServingStatus.NotServing, call.ResponseStream.Current.Status);

        server.HealthToggle = true;
        Assert.True(await call.ResponseStream.MoveNext().WaitAsync(Timeout));
        Assert.Equal(ServingStatus.Serving, call.ResponseStream.Current.Status);
    }

    [Fact]
    public async Task Watch_UnknownService_SendsServiceUnknownAndStaysOpen()
    {
        using var channel = server.CreateChannel();
        using var cts = new CancellationTokenSource();
        using var call = channel.ServerStreaming(Watch, new HealthCheckRequest { Service = "nope" }, new CallOptions(CancellationToken: cts.Token));

        Assert.True(await call.ResponseStream.MoveNext().WaitAsync(Timeout));
        Assert.Equal(ServingStatus.ServiceUnknown, call.ResponseStream.Current.Status);

        var next = call.ResponseStream.MoveNext();
        Assert.False(next.IsCompleted);
        await cts.CancelAsync();
        var ex = await Assert.ThrowsAsync<RpcException>(() => next.WaitAsync(Timeout));
        Assert.Equal(StatusCode.Cancelled, ex.StatusCode);
    }
}
