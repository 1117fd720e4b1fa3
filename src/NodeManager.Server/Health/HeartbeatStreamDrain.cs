using System.Diagnostics;

namespace NodeManager.Server.Health;

/// <summary>
/// At shutdown, before Kestrel stops: ends every heartbeat stream (ApplicationStopping; each ends with UNAVAILABLE,
/// see <see cref="NodeHealthService.StreamHeartbeats"/>), waits until their handlers have returned, then lets the
/// agents read those statuses for <see cref="Drain"/> before Kestrel closes the connections. Without the wait, a
/// client whose connection closes in the same read as its trailers arrive (many streams on one connection) is
/// failed by its HTTP/2 stack with INTERNAL "the server closed the connection" instead of UNAVAILABLE.
/// Real time (not the injected clock): this is the process stopping.
/// </summary>
public sealed partial class HeartbeatStreamDrain(NodeHealthService health, IHostApplicationLifetime lifetime, ILogger<HeartbeatStreamDrain> logger) : IHostedLifecycleService
{
    /// <summary>How long the streams may take to end before Kestrel stops anyway.</summary>
    public static readonly TimeSpan MaxWait = TimeSpan.FromSeconds(3);

    /// <summary>Time for clients to read the statuses once every stream has ended.</summary>
    public static readonly TimeSpan Drain = TimeSpan.FromMilliseconds(250);

    private static readonly TimeSpan Poll = TimeSpan.FromMilliseconds(10);

    public async Task StoppingAsync(CancellationToken cancellationToken)
    {
        // On SIGTERM, ApplicationStopping has fired before this runs, and the streams may have ended already.
        var open = health.OpenStreams + health.StoppedStreams;
        if (open == 0)
        {
            return;
        }

        var started = Stopwatch.GetTimestamp();
        lifetime.StopApplication(); // fires ApplicationStopping now if the host has not yet
        while (health.OpenStreams > 0 && Stopwatch.GetElapsedTime(started) < MaxWait && !cancellationToken.IsCancellationRequested)
        {
            await Task.Delay(Poll, CancellationToken.None);
        }

        var ended = Stopwatch.GetElapsedTime(started);
        await Task.Delay(Drain, CancellationToken.None);
        LogDrained(logger, health.StoppedStreams, health.OpenStreams, ended.TotalMilliseconds);
    }

    public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StartingAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StartedAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StoppedAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    [LoggerMessage(EventId = 2209, Level = LogLevel.Information, Message = "Stopping: {Stopped} heartbeat streams ended with UNAVAILABLE; all ended {Milliseconds:0} ms after this step began ({Left} still open)")]
    private static partial void LogDrained(ILogger logger, int stopped, int left, double milliseconds);
}
