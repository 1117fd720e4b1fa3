using NodeManager.Agent.Hosting;

namespace NodeManager.Agent.Tests.Hosting;

public sealed class ServerEndpointsTests
{
    private static readonly Uri[] Three = [new("http://nm-1:5081"), new("http://nm-2:5081"), new("http://nm-3:5081")];

    [Fact]
    public void Split_CommaListWithBlanks_EachUrlInOrder() =>
        Assert.Equal(new[] { "http://a:5081", "http://b:5081" }, ServerEndpoints.Split(" http://a:5081 , ,http://b:5081,"));

    [Fact]
    public void Split_SingleUrl_ThatOne() => Assert.Equal(new[] { "http://nm:5081" }, ServerEndpoints.Split("http://nm:5081"));

    [Fact]
    public void MoveNext_FromTheSecond_RotatesThroughEveryEndpointAndWraps()
    {
        using var endpoints = new ServerEndpoints(Three, first: 1);

        Assert.Equal(Three[1], endpoints.Current.Address);
        Assert.Equal(Three[2], endpoints.MoveNext().Address);
        Assert.Equal(Three[0], endpoints.MoveNext().Address);
        Assert.Equal(Three[1], endpoints.MoveNext().Address);
        Assert.Equal(Three[1], endpoints.CurrentAddress);
    }

    [Fact]
    public void MoveNext_OneEndpoint_StaysOnIt()
    {
        using var endpoints = new ServerEndpoints([Three[0]], first: 0);

        Assert.Same(endpoints.Current, endpoints.MoveNext());
    }

    [Fact]
    public void Current_BackOnAnEndpoint_SameChannelNotOnePerAttempt()
    {
        using var endpoints = new ServerEndpoints(Three, first: 0);
        var first = endpoints.Current;

        Assert.Same(first, endpoints.Current);
        var second = endpoints.MoveNext();
        endpoints.MoveNext();
        Assert.Same(first, endpoints.MoveNext());
        Assert.Same(second, endpoints.MoveNext());
        Assert.Equal("nm-2:5081", second.Channel.Target);
    }

    [Fact]
    public void Current_AfterDispose_Throws()
    {
        var endpoints = new ServerEndpoints(Three, first: 0);
        _ = endpoints.Current;
        endpoints.Dispose();

        Assert.Throws<ObjectDisposedException>(() => endpoints.Current);
    }

    [Theory]
    [InlineData(-1)]
    [InlineData(3)]
    public void Constructor_FirstOutsideTheList_Throws(int first) =>
        Assert.Throws<ArgumentOutOfRangeException>(() => new ServerEndpoints(Three, first));
}
