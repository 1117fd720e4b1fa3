using System.Globalization;
using System.Net.Sockets;
using System.Text;
using NodeManager.Testing;

namespace NodeManager.Server.Tests.Cluster;

/// <summary>
/// The Redis server of <c>NODEMANAGER_TEST_REDIS</c> (eng/redis.sh, started by eng/test.sh) is there and speaks
/// RESP: an inline <c>PING</c> over a plain socket gets <c>+PONG</c>. No Redis client library needed.
/// </summary>
public sealed class RedisEnvironmentTests
{
    [RedisFact]
    public async Task Ping_OverRawSocket_AnswersPong()
    {
        var endpoint = RedisTestEnvironment.RequireEndpoint();
        var separator = endpoint.LastIndexOf(':');
        Assert.True(separator > 0, $"{RedisTestEnvironment.Variable}='{endpoint}' is not host:port");
        var host = endpoint[..separator].Trim('[', ']');
        var port = int.Parse(endpoint[(separator + 1)..], NumberStyles.None, CultureInfo.InvariantCulture);

        using var client = new TcpClient();
        await client.ConnectAsync(host, port).WaitAsync(TestTimeout.Default);
        var stream = client.GetStream();
        await stream.WriteAsync("PING\r\n"u8.ToArray()).AsTask().WaitAsync(TestTimeout.Default);

        using var reader = new StreamReader(stream, Encoding.ASCII);
        var reply = await reader.ReadLineAsync().WaitAsync(TestTimeout.Default);
        Assert.Equal("+PONG", reply);
    }
}
