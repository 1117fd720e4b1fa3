using NodeManager.Core.History;

namespace NodeManager.Server.History;

/// <summary>
/// Deletes history entries older than <see cref="HistoryOptions.Retention"/>, in batches, every
/// <see cref="HistoryOptions.PruneInterval"/>; independent of the change feed's compaction. Retention 0 keeps everything.
/// </summary>
public sealed partial class HistoryPruner(INodeHistory history, HistoryOptions options, TimeProvider time, ILogger<HistoryPruner> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (options.Retention == TimeSpan.Zero)
        {
            return;
        }

        using var timer = new PeriodicTimer(options.PruneInterval, time);
        do
        {
            try
            {
                var removed = await PruneAsync(stoppingToken);
                if (removed > 0)
                {
                    LogPruned(logger, removed, options.Retention);
                }
            }
            catch (Exception ex) when (!stoppingToken.IsCancellationRequested)
            {
                LogPruneFailed(logger, ex);
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken));
    }

    /// <summary>One pass: batch after batch until a batch comes back short.</summary>
    public async Task<int> PruneAsync(CancellationToken cancellationToken)
    {
        var cutoff = time.GetUtcNow() - options.Retention;
        var total = 0;
        int removed;
        do
        {
            removed = await history.PruneHistoryAsync(cutoff, options.PruneBatchSize, cancellationToken);
            total += removed;
        }
        while (removed >= options.PruneBatchSize && !cancellationToken.IsCancellationRequested);

        return total;
    }

    [LoggerMessage(EventId = 3201, Level = LogLevel.Information, Message = "Pruned {Count} node history entries older than {Retention}")]
    private static partial void LogPruned(ILogger logger, int count, TimeSpan retention);

    [LoggerMessage(EventId = 3202, Level = LogLevel.Error, Message = "Node history pruning failed; retrying next interval")]
    private static partial void LogPruneFailed(ILogger logger, Exception exception);
}
