using Grpc.Health.V1;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using ServingStatus = Grpc.Health.V1.HealthCheckResponse.Types.ServingStatus;

namespace NodeManager.Grpc;

/// <summary><c>grpc.health.v1.Health</c>: Check runs the service's probe; Watch polls it and streams changes.</summary>
public sealed class HealthServiceImpl
{
    private static readonly Func<CancellationToken, Task<bool>> AlwaysServing = _ => Task.FromResult(true);

    private readonly IReadOnlyDictionary<string, Func<CancellationToken, Task<bool>>> _probes;
    private readonly GrpcHealthOptions _options;
    private readonly TimeProvider _timeProvider;
    private readonly ILogger _logger;
    private readonly CancellationToken _stopping;

    public HealthServiceImpl(IOptions<GrpcHealthOptions> options, TimeProvider timeProvider, ILogger<HealthServiceImpl> logger, IHostApplicationLifetime? lifetime = null)
    {
        _options = options.Value;
        var probes = new Dictionary<string, Func<CancellationToken, Task<bool>>>(_options.Probes, StringComparer.Ordinal);
        probes.TryAdd(string.Empty, AlwaysServing);
        _probes = probes;
        _timeProvider = timeProvider;
        _logger = logger;
        _stopping = lifetime?.ApplicationStopping ?? CancellationToken.None;
    }

    public async Task<HealthCheckResponse> Check(HealthCheckRequest request, ServerCallContext context)
    {
        if (!_probes.TryGetValue(request.Service, out var probe))
        {
            throw new RpcException(StatusCode.NotFound, $"Unknown service '{request.Service}'.");
        }

        return new HealthCheckResponse { Status = await ProbeAsync(request.Service, probe, context.CancellationToken).ConfigureAwait(false) };
    }

    /// <summary>Sends the current status, then each change, until the client leaves or the server stops.</summary>
    public async Task Watch(HealthCheckRequest request, IServerStreamWriter<HealthCheckResponse> writer, ServerCallContext context)
    {
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(context.CancellationToken, _stopping);
        var token = linked.Token;
        try
        {
            if (!_probes.TryGetValue(request.Service, out var probe))
            {
                await writer.WriteAsync(new HealthCheckResponse { Status = ServingStatus.ServiceUnknown }, token).ConfigureAwait(false);
                await Task.Delay(Timeout.InfiniteTimeSpan, _timeProvider, token).ConfigureAwait(false);
                return;
            }

            ServingStatus? last = null;
            while (true)
            {
                var status = await ProbeAsync(request.Service, probe, token).ConfigureAwait(false);
                if (status != last)
                {
                    if (last is not null)
                    {
                        HealthLog.StatusChanged(_logger, request.Service, status);
                    }

                    await writer.WriteAsync(new HealthCheckResponse { Status = status }, token).ConfigureAwait(false);
                    last = status;
                }

                await Task.Delay(_options.WatchInterval, _timeProvider, token).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException) when (_stopping.IsCancellationRequested && !context.CancellationToken.IsCancellationRequested)
        {
            // Server shutdown ends the watch with OK; clients reconnect elsewhere.
        }
    }

    private async Task<ServingStatus> ProbeAsync(string service, Func<CancellationToken, Task<bool>> probe, CancellationToken cancellationToken)
    {
        using var timeout = new CancellationTokenSource(_options.ProbeTimeout, _timeProvider);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, timeout.Token);
        try
        {
            return await probe(linked.Token).WaitAsync(linked.Token).ConfigureAwait(false) ? ServingStatus.Serving : ServingStatus.NotServing;
        }
        catch (OperationCanceledException) when (timeout.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
        {
            HealthLog.ProbeTimedOut(_logger, service);
            return ServingStatus.NotServing;
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            HealthLog.ProbeFailed(_logger, service, ex);
            return ServingStatus.NotServing;
        }
    }
}
