using Grpc.Core;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using NodeManager.Agent.Hosting;
using NodeManager.Agent.Registration;

namespace NodeManager.Agent.Heartbeats;

/// <summary>
/// The agent's main loop: register, stream heartbeats, and on any failure move to the next server endpoint
/// (<see cref="ServerEndpoints"/>) and try again: the first attempt after a working stream promptly (a small
/// jitter), later ones after exponential backoff with full jitter (<see cref="ReconnectPolicy"/>, the only
/// reconnect policy: the channels have no retry policy and no connect backoff of their own). NOT_FOUND (the node
/// was deleted) registers again on the same endpoint. Never dies silently: every failure is logged and retried
/// until the host stops.
/// </summary>
public sealed partial class AgentWorker(
    NodeRegistrar registrar,
    HeartbeatSession session,
    ServerEndpoints endpoints,
    AgentOptions options,
    TimeProvider time,
    ILogger<AgentWorker> logger) : BackgroundService
{
    private readonly ReconnectPolicy _reconnect = new(new ReconnectBackoff(options.ReconnectInitialDelay, options.ReconnectMaxDelay), options.FailoverJitter);

    /// <summary>The registered node's id, once known.</summary>
    public string? NodeId { get; private set; }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var register = true;
        while (!stoppingToken.IsCancellationRequested)
        {
            var move = false;
            try
            {
                if (register || NodeId is null)
                {
                    NodeId = (await registrar.RegisterAsync(stoppingToken)).Id;
                    register = false;
                }

                await session.RunAsync(NodeId, _reconnect.Reset, stoppingToken);
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
                // UNAVAILABLE, refused, reset, a broken stream, a deadline: whatever it was, this endpoint did not
                // get the node heard; the silos of a cluster are alike, so the next one is as good a try.
                move = true;
                LogFailed(logger, endpoints.CurrentAddress, ex.GetType().Name, ex.Message);
            }

            if (!stoppingToken.IsCancellationRequested)
            {
                var next = move ? endpoints.MoveNext() : endpoints.Current;
                var delay = _reconnect.NextDelay();
                LogReconnecting(logger, next.Address, delay, _reconnect.Attempt);
                await Task.Delay(delay, time, stoppingToken).ContinueWith(static _ => { }, TaskScheduler.Default);
            }
        }
    }

    [LoggerMessage(EventId = 301, Level = LogLevel.Warning, Message = "Node {NodeId} is not registered on the server ({Detail}); registering again")]
    private static partial void LogNodeGone(ILogger logger, string? nodeId, string detail);

    [LoggerMessage(EventId = 302, Level = LogLevel.Warning, Message = "Lost the server at {Server} ({Kind}: {Message})")]
    private static partial void LogFailed(ILogger logger, Uri server, string kind, string message);

    [LoggerMessage(EventId = 303, Level = LogLevel.Information, Message = "Reconnecting to {Server} in {Delay} (attempt {Attempt})")]
    private static partial void LogReconnecting(ILogger logger, Uri server, TimeSpan delay, int attempt);
}
