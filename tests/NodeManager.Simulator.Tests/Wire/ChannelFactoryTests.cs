using System.Net;
using System.Net.Sockets;
using NodeManager.Contracts.V1;
using NodeManager.Simulator.Wire;
using NodeManager.Testing;

namespace NodeManager.Simulator.Tests.Wire;

/// <summary>Grpc.Net.Client keeps the handler's ConnectCallback: the connection comes from the chosen loopback source.</summary>
public sealed class ChannelFactoryTests
{
    [Fact]
    public async Task Create_WithSourceAddress_TheServerSeesThatAddress()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var server = new Uri($"http://127.0.0.1:{((IPEndPoint)listener.LocalEndpoint).Port}");
        var source = IPAddress.Parse("127.0.0.3");
        using var channel = ChannelFactory.Create(server, source, allowMoreConnections: false);

        using var call = new HealthService.HealthServiceClient(channel).StreamHeartbeats();
        using var accepted = await listener.AcceptSocketAsync().WaitAsync(TestTimeout.Default);

        Assert.Equal(source, ((IPEndPoint)accepted.RemoteEndPoint!).Address);
    }
}
