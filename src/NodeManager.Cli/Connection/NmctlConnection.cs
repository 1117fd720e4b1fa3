using Grpc.Core;
using Grpc.Core.Interceptors;
using Grpc.Health.V1;
using Grpc.Net.Client;
using NodeManager.Cli.Config;
using NodeManager.Contracts.Credentials;
using NodeManager.Contracts.V1;

namespace NodeManager.Cli.Connection;

/// <summary>
/// One channel to the server (h2c for <c>http://</c>, TLS for <c>https://</c>) and the clients of its services. A
/// token goes with every call as <c>authorization: Bearer …</c> metadata. Unary calls get the <c>--timeout</c> deadline.
/// </summary>
public sealed class NmctlConnection : IDisposable
{
    /// <summary>Largest answer accepted (a page of 1000 nodes with devices and labels stays far below).</summary>
    private const int MaxReceiveMessageSize = 64 * 1024 * 1024;

    private readonly GrpcChannel _channel;

    public NmctlConnection(NmctlSettings settings)
    {
        Settings = settings;
        var handler = new SocketsHttpHandler
        {
            ConnectTimeout = settings.Timeout,
            EnableMultipleHttp2Connections = true,
            UseProxy = false,
            UseCookies = false,
            AllowAutoRedirect = false,
        };

        // No subchannel layer: each call connects directly, so an unreachable server fails the call at once with the
        // socket's own reason (connection refused, no such host) instead of a generic subchannel error.
        handler.Properties["__GrpcLoadBalancingDisabled"] = true;
        new ClientTls(settings.ServerCa, null, null).Apply(handler);
        _channel = GrpcChannel.ForAddress(settings.Server, new GrpcChannelOptions
        {
            HttpHandler = handler,
            DisposeHttpClient = true,
            MaxReceiveMessageSize = MaxReceiveMessageSize,
        });

        var invoker = _channel.CreateCallInvoker();
        if (settings.Token is { } token)
        {
            invoker = invoker.Intercept(metadata =>
            {
                metadata.Add("authorization", "Bearer " + token);
                return metadata;
            });
        }

        Nodes = new NodeService.NodeServiceClient(invoker);
        Health = new HealthService.HealthServiceClient(invoker);
        Lifecycle = new LifecycleService.LifecycleServiceClient(invoker);
        Reservations = new ReservationService.ReservationServiceClient(invoker);
        GrpcHealth = new Grpc.Health.V1.Health.HealthClient(invoker);
    }

    public NmctlSettings Settings { get; }

    public NodeService.NodeServiceClient Nodes { get; }

    public HealthService.HealthServiceClient Health { get; }

    public LifecycleService.LifecycleServiceClient Lifecycle { get; }

    public ReservationService.ReservationServiceClient Reservations { get; }

    public Grpc.Health.V1.Health.HealthClient GrpcHealth { get; }

    /// <summary>Options of a unary call: the deadline, and cancellation (Ctrl+C).</summary>
    public CallOptions Unary(CancellationToken cancellationToken) =>
        new(deadline: DateTime.UtcNow + Settings.Timeout, cancellationToken: cancellationToken);

    /// <summary>Options of a watch: no deadline, until cancelled.</summary>
    public static CallOptions Stream(CancellationToken cancellationToken) => new(cancellationToken: cancellationToken);

    public void Dispose() => _channel.Dispose();
}
