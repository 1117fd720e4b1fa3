using NodeManager.Core.Storage;

namespace NodeManager.Server.Changes;

/// <summary>Periodically drops events older than the retention, keeping the newest ones.</summary>
public sealed partial class ChangeFeedCompactor(IChangeFeed feed, ChangeFeedOptions options, TimeProvider time, ILogger<ChangeFeedCompactor> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(options.CompactionInterval, time);
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            try
            {
                var removed = await feed.CompactEventsAsync(time.GetUtcNow() - options.Retention, options.KeepAtLeast, stoppingToken);
                if (removed > 0)
                {
                    LogCompacted(logger, removed);
                }
            }
            catch (Exception ex) when (!stoppingToken.IsCancellationRequested)
            {
                LogCompactionFailed(logger, ex);
            }
        }
    }

    [LoggerMessage(EventId = 3101, Level = LogLevel.Information, Message = "Compacted {Count} change-feed events")]
    private static partial void LogCompacted(ILogger logger, int count);

    [LoggerMessage(EventId = 3102, Level = LogLevel.Error, Message = "Change-feed compaction failed; retrying next interval")]
    private static partial void LogCompactionFailed(ILogger logger, Exception exception);
}
