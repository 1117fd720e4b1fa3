using Grpc.Net.Client;

namespace NodeManager.Benchmarks;

/// <summary>
/// Grpc.Net.Client channels as the benchmarks use them: an explicit <see cref="SocketsHttpHandler"/> with no proxy,
/// cookies or redirects, whose connections stay open while idle.
/// </summary>
public static class BenchChannel
{
    /// <param name="address">The server's gRPC endpoint, e.g. <c>http://127.0.0.1:25081</c>.</param>
    /// <param name="multipleConnections">
    /// True: a further HTTP/2 connection whenever one reaches the server's stream limit (many long-lived streams).
    /// False: every call on one connection (unary calls multiplexed as an agent's or a client's would be).
    /// </param>
    public static GrpcChannel Create(string address, bool multipleConnections) =>
        GrpcChannel.ForAddress(address, new GrpcChannelOptions
        {
            HttpHandler = new SocketsHttpHandler
            {
                EnableMultipleHttp2Connections = multipleConnections,
                UseProxy = false,
                UseCookies = false,
                AllowAutoRedirect = false,
                PooledConnectionIdleTimeout = Timeout.InfiniteTimeSpan,
            },
            DisposeHttpClient = true,
        });
}
