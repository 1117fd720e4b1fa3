using System.Net;
using System.Net.Sockets;
using Grpc.Net.Client;
using NodeManager.Contracts.Credentials;

namespace NodeManager.Simulator.Wire;

/// <summary>
/// gRPC channels over <see cref="SocketsHttpHandler"/> whose connections come from a chosen loopback source
/// address (ConnectCallback binds the local end; IP_BIND_ADDRESS_NO_PORT defers the port choice to connect,
/// so each source address has the full ephemeral range towards the server).
/// </summary>
/// <remarks>
/// Grpc.Net.Client runs its load-balancing/subchannel layer over a <see cref="SocketsHttpHandler"/> only when
/// the handler has no ConnectCallback of its own; a handler that has one is treated as a custom transport
/// (<c>GrpcChannel.CalculateHandlerContext</c>), so this callback stays in charge of every connection and
/// <c>__GrpcLoadBalancingDisabled</c> would change nothing. <c>ChannelFactoryTests</c> checks the source address.
/// </remarks>
public static class ChannelFactory
{
    private const int SolIp = 0;
    private const int IpBindAddressNoPort = 24;

    public static GrpcChannel Create(Uri server, IPAddress? source, bool allowMoreConnections, string? token = null)
    {
        var handler = new SocketsHttpHandler
        {
            EnableMultipleHttp2Connections = allowMoreConnections,
            KeepAlivePingDelay = Timeout.InfiniteTimeSpan,
            PooledConnectionIdleTimeout = Timeout.InfiniteTimeSpan,
            PooledConnectionLifetime = Timeout.InfiniteTimeSpan,
            ConnectTimeout = TimeSpan.FromSeconds(30),
            AutomaticDecompression = DecompressionMethods.None,
            UseCookies = false,
            UseProxy = false,
            AllowAutoRedirect = false,
            ConnectCallback = (context, ct) => ConnectAsync(context.DnsEndPoint, source, ct),
        };
        // The channel owns (and disposes) the handler; no service config, so no retries: a broken stream is the agent's to reopen.
        // --token: every call carries it (an operator's token: agents of many nodes, so not a node token).
        HttpMessageHandler outer = token is null ? handler : new BearerTokenHandler(TokenSource.FromText(token), handler);
        return GrpcChannel.ForAddress(server, new GrpcChannelOptions { HttpHandler = outer });
    }

    private static async ValueTask<Stream> ConnectAsync(DnsEndPoint target, IPAddress? source, CancellationToken ct)
    {
        var address = IPAddress.TryParse(target.Host, out var ip) ? ip : (await Dns.GetHostAddressesAsync(target.Host, ct))[0];
        var socket = new Socket(address.AddressFamily, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        try
        {
            if (source is not null && address.AddressFamily == source.AddressFamily)
            {
                if (OperatingSystem.IsLinux())
                {
                    socket.SetRawSocketOption(SolIp, IpBindAddressNoPort, BitConverter.GetBytes(1));
                }

                socket.Bind(new IPEndPoint(source, 0));
            }

            await socket.ConnectAsync(new IPEndPoint(address, target.Port), ct);
            return new NetworkStream(socket, ownsSocket: true);
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }
}
