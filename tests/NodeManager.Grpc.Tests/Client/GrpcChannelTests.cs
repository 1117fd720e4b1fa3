namespace NodeManager.Grpc.Tests.Client;

public class GrpcChannelTests
{
    [Fact]
    public void ForAddress_InvalidOptions_ThrowsListingEveryFailure()
    {
        var options = new GrpcChannelOptions { MaxReceiveMessageSize = 0, MaxSendMessageSize = -5, KeepAlivePingTimeout = TimeSpan.Zero };

        var ex = Assert.Throws<ArgumentException>(() => GrpcChannel.ForAddress("http://127.0.0.1:1", options));

        Assert.Contains(nameof(GrpcChannelOptions.MaxReceiveMessageSize), ex.Message, StringComparison.Ordinal);
        Assert.Contains(nameof(GrpcChannelOptions.MaxSendMessageSize), ex.Message, StringComparison.Ordinal);
        Assert.Contains(nameof(GrpcChannelOptions.KeepAlivePingTimeout), ex.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("ftp://127.0.0.1:1")]
    [InlineData("unix:/tmp/socket")]
    public void ForAddress_NonHttpScheme_Throws(string address)
    {
        Assert.Throws<ArgumentException>(() => GrpcChannel.ForAddress(address));
    }

    [Fact]
    public async Task UnaryAsync_NothingListening_ThrowsUnavailable()
    {
        using var listener = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        listener.Start();
        var port = ((System.Net.IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        using var channel = GrpcChannel.ForAddress($"http://127.0.0.1:{port}");
        var method = new Method<Google.Protobuf.WellKnownTypes.Empty, Google.Protobuf.WellKnownTypes.Empty>("x.Y", "Z", Google.Protobuf.WellKnownTypes.Empty.Parser);

        var ex = await Assert.ThrowsAsync<RpcException>(() => channel.UnaryAsync(method, new Google.Protobuf.WellKnownTypes.Empty()).WaitAsync(TimeSpan.FromSeconds(30)));

        Assert.Equal(StatusCode.Unavailable, ex.StatusCode);
    }
}
