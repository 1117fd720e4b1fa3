using Grpc.Core;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using NodeManager.Agent.Hosting;
using NodeManager.Agent.Registration;

namespace NodeManager.Agent.Heartbeats;

/// <summary>
/// The agent's main loop: register, stream heartbeats, and on any failure reconnect with exponential
/// backoff and full jitter (the only reconnect policy: the channel has no retry policy and no connect backoff of
/// its own). NOT_FOUND (the node was deleted) registers again. Never dies silently:
/// every failure is logged and retried until the host stops.
/// </summary>
public sealed partial class AgentWorker(
    NodeRegistrar registrar,
    HeartbeatSession session,
    AgentOptions options,
    TimeProvider time,
    ILogger<AgentWorker> logger) : BackgroundService
{
    private readonly ReconnectBackoff _backoff = new(options.ReconnectInitialDelay, options.ReconnectMaxDelay);

    /// <summary>The registered node's id, once known.</summary>
    public string? NodeId { get; private set; }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var register = true;
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                if (register || NodeId is null)
                {
                    NodeId = (await registrar.RegisterAsync(stoppingToken)).Id;
                    register = false;
                }

                await session.RunAsync(NodeId, _backoff.Reset, stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                break;
            }
            catch (RpcException ex) when (ex.StatusCode == StatusCode.NotFound)
            {
                register = true;
                LogNodeGone(logger, NodeId, ex.Status.Detail);
            }
            catch (Exception ex) when (ex is RpcException or IOException or HttpRequestException or TimeoutException
                or AgentRegistrationException or OperationCanceledException or InvalidOperationException)
            {
                LogFailed(logger, ex.GetType().Name, ex.Message);
            }

            if (!stoppingToken.IsCancellationRequested)
            {
                var delay = _backoff.Next();
                LogReconnecting(logger, delay, _backoff.Attempt);
                await Task.Delay(delay, time, stoppingToken).ContinueWith(static _ => { }, TaskScheduler.Default);
            }
        }
    }

    [LoggerMessage(EventId = 301, Level = LogLevel.Warning, Message = "Node {NodeId} is not registered on the server ({Detail}); registering again")]
    private static partial void LogNodeGone(ILogger logger, string? nodeId, string detail);

    [LoggerMessage(EventId = 302, Level = LogLevel.Warning, Message = "Lost the server ({Kind}: {Message})")]
    private static partial void LogFailed(ILogger logger, string kind, string message);

    [LoggerMessage(EventId = 303, Level = LogLevel.Information, Message = "Reconnecting in {Delay} (attempt {Attempt})")]
    private static partial void LogReconnecting(ILogger logger, TimeSpan delay, int attempt);
}
