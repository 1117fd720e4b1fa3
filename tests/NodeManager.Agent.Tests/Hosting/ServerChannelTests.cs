using NodeManager.Agent.Hosting;

namespace NodeManager.Agent.Tests.Hosting;

public sealed class ServerChannelTests
{
    [Fact]
    public void CreateHandler_LongLivedStreamSettings()
    {
        using var handler = ServerChannel.CreateHandler();

        Assert.Equal(TimeSpan.FromSeconds(60), handler.KeepAlivePingDelay);
        Assert.Equal(TimeSpan.FromSeconds(20), handler.KeepAlivePingTimeout);
        Assert.Equal(HttpKeepAlivePingPolicy.WithActiveRequests, handler.KeepAlivePingPolicy);
        Assert.Equal(Timeout.InfiniteTimeSpan, handler.PooledConnectionIdleTimeout);
        Assert.True(handler.EnableMultipleHttp2Connections);
        Assert.False(handler.UseProxy);
        Assert.False(handler.UseCookies);
        Assert.False(handler.AllowAutoRedirect);
        Assert.Equal(true, handler.Properties["__GrpcLoadBalancingDisabled"]);
    }

    [Fact]
    public void Create_ServerAddress_ChannelForIt()
    {
        using var channel = ServerChannel.Create(new Uri("http://127.0.0.1:5081"));

        Assert.Equal("127.0.0.1:5081", channel.Target);
    }
}
