using Microsoft.Extensions.Options;
using NodeManager.Core.Health;
using NodeManager.Server.Hosting;

namespace NodeManager.Server.Health;

/// <summary>
/// Applies <c>NodeManager:Health</c> changes while the server runs (appsettings.json is watched):
/// the next ack carries the new interval, the next sweep uses the new timings. A change that does
/// not validate is refused, logged, and the running policy kept.
/// </summary>
public sealed partial class HealthPolicyReloader(IOptionsMonitor<NodeManagerOptions> monitor, HealthPolicy policy, ILogger<HealthPolicyReloader> logger)
    : IHostedService, IDisposable
{
    private IDisposable? _subscription;

    public Task StartAsync(CancellationToken cancellationToken)
    {
        _subscription = monitor.OnChange(options => Reload(options.Health));
        return Task.CompletedTask;
    }

    public void Reload(HealthPolicy next)
    {
        var problems = next.Validate();
        if (problems.Count > 0)
        {
            LogRefused(logger, string.Join(" ", problems));
            return;
        }

        if (policy.SameTimings(next))
        {
            return;
        }

        policy.Apply(next);
        LogApplied(logger, policy.HeartbeatInterval, policy.Grace, policy.DownAfter, policy.SweepInterval);
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public void Dispose() => _subscription?.Dispose();

    [LoggerMessage(EventId = 2301, Level = LogLevel.Warning, Message = "Health configuration change applied: interval {Interval}, grace {Grace}, down after {DownAfter}, sweep {Sweep}")]
    private static partial void LogApplied(ILogger logger, TimeSpan interval, TimeSpan grace, TimeSpan downAfter, TimeSpan sweep);

    [LoggerMessage(EventId = 2302, Level = LogLevel.Error, Message = "Health configuration change refused, the running policy is kept: {Problems}")]
    private static partial void LogRefused(ILogger logger, string problems);
}
