using System.Net.Sockets;
using Grpc.Core;
using Grpc.Health.V1;
using Grpc.Net.Client;
using HealthClient = Grpc.Health.V1.Health.HealthClient;
using NodeManager.Core.Health;
using NodeManager.Core.Storage;
using NodeManager.Core.Errors;
using NodeManager.Server.Api;
using NodeManager.Server.Cluster;

namespace NodeManager.Server.Health;

/// <summary>
/// Fallback pull: asks the node's agent <c>grpc.health.v1.Health/Check</c> at its management
/// address (or primary IP) and agent port, with a timeout and a bound on probes in flight. Started by a
/// NodeGrain's judgement; the result goes back to the grain, which decides.
/// </summary>
public sealed partial class AgentProber(
    NodeGrains grains,
    HealthPolicy policy,
    TimeProvider time,
    ILogger<AgentProber> logger) : IDisposable
{
    private readonly SemaphoreSlim _inFlight = new(policy.MaxConcurrentProbes, policy.MaxConcurrentProbes);

    /// <summary>
    /// One HTTP/2 client for every probe: a connection to an agent is reused by its next probe for a while instead
    /// of one connection per probe. An <see cref="HttpClient"/> (not a handler) keeps Grpc.Net.Client's
    /// load-balancing layer out, which would otherwise take over the shared handler's connections.
    /// </summary>
    private readonly HttpClient _http = new(new SocketsHttpHandler
    {
        PooledConnectionIdleTimeout = TimeSpan.FromMinutes(1),
        UseProxy = false,
        UseCookies = false,
        AllowAutoRedirect = false,
    })
    {
        Timeout = Timeout.InfiniteTimeSpan,
    };

    /// <summary>Probes in the background; the entry's <see cref="NodeHealthEntry.ProbeInFlight"/> is already set by the caller.</summary>
    public void Start(NodeHealthEntry entry, DecidedBy trigger, CancellationToken cancellationToken) =>
        _ = Task.Run(() => ProbeAsync(entry, trigger, cancellationToken), CancellationToken.None);

    public async Task ProbeAsync(NodeHealthEntry entry, DecidedBy trigger, CancellationToken cancellationToken)
    {
        bool ok;
        string detail;
        await _inFlight.WaitAsync(cancellationToken);
        try
        {
            (ok, detail) = await CheckAsync(entry, cancellationToken);
        }
        finally
        {
            _inFlight.Release();
        }

        var now = ServerClock.Now(time);
        lock (entry.Gate)
        {
            entry.ProbeInFlight = false;
            if (ok)
            {
                entry.LastProbeOk = now;
            }
        }

        try
        {
            await grains.ProbeResultAsync(entry.NodeId, ok, detail, trigger);
        }
        catch (Exception ex) when (ex is NodeManagerException or StoreUnavailableException)
        {
            LogResultLost(logger, entry.NodeId, ok, ex.Message); // the next sweep finds the node still silent and probes again
        }
    }

    private async Task<(bool Ok, string Detail)> CheckAsync(NodeHealthEntry entry, CancellationToken cancellationToken)
    {
        var spec = entry.Spec;
        var host = spec.ManagementAddress.Length > 0 ? spec.ManagementAddress : spec.Ip;
        if (spec.AgentPort == 0)
        {
            return (false, "the node has no agent_port, so its agent cannot be probed");
        }

        var address = new UriBuilder("http", host.Contains(':') ? $"[{host}]" : host, spec.AgentPort).Uri;
        try
        {
            using var channel = GrpcChannel.ForAddress(address, new GrpcChannelOptions { HttpClient = _http, DisposeHttpClient = false });
            var response = await new HealthClient(channel).CheckAsync(new HealthCheckRequest(),
                deadline: time.GetUtcNow().UtcDateTime + policy.ProbeTimeout, cancellationToken: cancellationToken);
            return response.Status == HealthCheckResponse.Types.ServingStatus.Serving
                ? (true, $"agent at {address.Authority} is SERVING")
                : (false, $"agent at {address.Authority} answered {response.Status}");
        }
        catch (RpcException ex)
        {
            return (false, $"probe of {address.Authority} failed: {ex.StatusCode} {ex.Status.Detail}");
        }
        catch (Exception ex) when (ex is HttpRequestException or SocketException or IOException or OperationCanceledException && !cancellationToken.IsCancellationRequested)
        {
            return (false, $"probe of {address.Authority} failed: {ex.Message}");
        }
    }

    public void Dispose()
    {
        _inFlight.Dispose();
        _http.Dispose();
    }

    [LoggerMessage(EventId = 2102, Level = LogLevel.Warning, Message = "Probe of node {NodeId} ({Ok}) could not be handed to its grain: {Reason}; the next sweep probes again")]
    private static partial void LogResultLost(ILogger logger, Guid nodeId, bool ok, string reason);
}
