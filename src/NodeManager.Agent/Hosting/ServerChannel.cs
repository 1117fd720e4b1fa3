using Grpc.Net.Client;
using NodeManager.Contracts.Credentials;

namespace NodeManager.Agent.Hosting;

/// <summary>
/// The agent's channel to one NodeManager endpoint (<see cref="ServerEndpoints"/> keeps one per endpoint): h2c for
/// <c>http://</c>, TLS for <c>https://</c>, over a <see cref="SocketsHttpHandler"/> set up for a single long-lived heartbeat stream.
/// </summary>
public static class ServerChannel
{
    /// <summary>HTTP/2 PING after this much silence on the connection, so a dead path is noticed between heartbeats.</summary>
    public static readonly TimeSpan KeepAlivePingDelay = TimeSpan.FromSeconds(60);

    /// <summary>No PING ack within this time closes the connection (the stream fails and the agent reconnects).</summary>
    public static readonly TimeSpan KeepAlivePingTimeout = TimeSpan.FromSeconds(20);

    public static GrpcChannel Create(Uri server) => Create(server, null);

    /// <summary>A channel with the agent's credentials: its node token on every call and/or its client certificate.</summary>
    public static GrpcChannel Create(Uri server, AgentCredentials? credentials)
    {
        var handler = CreateHandler();
        credentials?.Tls.Apply(handler);
        HttpMessageHandler outer = credentials?.Token is { } token ? new BearerTokenHandler(token, handler) : handler;
        return GrpcChannel.ForAddress(server, new GrpcChannelOptions { HttpHandler = outer, DisposeHttpClient = true });
    }

    internal static SocketsHttpHandler CreateHandler()
    {
        var handler = new SocketsHttpHandler
        {
            KeepAlivePingDelay = KeepAlivePingDelay,
            KeepAlivePingTimeout = KeepAlivePingTimeout,
            KeepAlivePingPolicy = HttpKeepAlivePingPolicy.WithActiveRequests,
            PooledConnectionIdleTimeout = Timeout.InfiniteTimeSpan,
            EnableMultipleHttp2Connections = true,
            UseProxy = false,
            UseCookies = false,
            AllowAutoRedirect = false,
        };

        // One address per channel and our own reconnect loop (ReconnectPolicy: the next endpoint, then full-jitter
        // backoff capped at ReconnectMaxDelay). Grpc.Net.Client's subchannel layer would add a second, independent
        // connect backoff (up to 120 s by default) under it, during which calls fail at once with UNAVAILABLE;
        // without it each call connects directly (to whatever addresses DNS gives for the host), as before the migration.
        handler.Properties["__GrpcLoadBalancingDisabled"] = true;
        return handler;
    }
}
