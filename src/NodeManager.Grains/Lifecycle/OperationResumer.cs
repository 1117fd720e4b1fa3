using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using NodeManager.Abstractions.Lifecycle;
using NodeManager.Core.Lifecycle;

namespace NodeManager.Grains.Lifecycle;

/// <summary>
/// On every silo, once per <see cref="LifecycleOptions.OperationResumeInterval"/>: each unfinished batch
/// operation is asked to run. Its grain is active on one silo; when that silo died, the call activates it on a
/// live one and the operation resumes from its stored progress. Orleans' one activation per grain replaces the
/// lease the operations table used to carry.
/// </summary>
public sealed partial class OperationResumer(
    IOperationStore operations,
    IGrainFactory grains,
    LifecycleOptions options,
    TimeProvider time,
    ILogger<OperationResumer> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        // The first scan one interval after the start: the silo is active by then, and a restarted cluster's
        // operations resume within the interval as after a silo's death.
        using var timer = new PeriodicTimer(options.OperationResumeInterval, time);
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            try
            {
                foreach (var operation in await operations.ListUnfinishedOperationsAsync(stoppingToken))
                {
                    await grains.GetGrain<IRollingOperationGrain>(operation.Id).RunAsync();
                }
            }
            catch (Exception ex) when (ex is not OperationCanceledException || !stoppingToken.IsCancellationRequested)
            {
                LogScanFailed(logger, ex);
            }
        }
    }

    [LoggerMessage(EventId = 1601, Level = LogLevel.Warning, Message = "Resuming unfinished batch operations failed; the next scan retries")]
    private static partial void LogScanFailed(ILogger logger, Exception exception);
}
