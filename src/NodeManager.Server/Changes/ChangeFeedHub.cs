using NodeManager.Core.Changes;
using NodeManager.Core.Storage;

namespace NodeManager.Server.Changes;

/// <summary>
/// Reads the store's change feed once for this instance (woken by commits here and, on
/// PostgreSQL, by NOTIFY from other instances) and fans each event out to every live watcher.
/// </summary>
public sealed partial class ChangeFeedHub(IChangeFeed feed, ChangeFeedOptions options, IEnumerable<IChangeListener> listeners, ILogger<ChangeFeedHub> logger) : BackgroundService
{
    private readonly Lock _gate = new();
    private readonly List<Watcher> _watchers = [];
    private readonly TaskCompletionSource _started = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private long _head;

    /// <summary>Joins the live feed; the watcher receives every event after its <see cref="Watcher.StartAfter"/>.</summary>
    public async Task<Watcher> SubscribeAsync(CancellationToken cancellationToken)
    {
        await _started.Task.WaitAsync(cancellationToken);
        lock (_gate)
        {
            var watcher = new Watcher(_head, options.WatcherBuffer);
            _watchers.Add(watcher);
            return watcher;
        }
    }

    public void Unsubscribe(Watcher watcher)
    {
        lock (_gate)
        {
            _watchers.Remove(watcher);
        }

        watcher.Close();
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                if (!_started.Task.IsCompleted)
                {
                    _head = (await feed.GetRevisionRangeAsync(stoppingToken)).Head;
                    _started.TrySetResult();
                }

                var batch = await feed.ReadEventsAsync(_head, 1000, stoppingToken);
                if (batch.Count == 0)
                {
                    await feed.WaitForEventsAsync(TimeSpan.FromSeconds(1), stoppingToken);
                    continue;
                }

                foreach (var listener in listeners)
                {
                    listener.OnChanges(batch);
                }

                lock (_gate)
                {
                    foreach (var change in batch)
                    {
                        foreach (var watcher in _watchers)
                        {
                            watcher.Offer(change);
                        }

                        _head = change.Revision;
                    }

                    _watchers.RemoveAll(w => w.Overflowed);
                }
            }
            catch (Exception ex) when (!stoppingToken.IsCancellationRequested)
            {
                LogPumpFailed(logger, ex);
                await Task.Delay(TimeSpan.FromSeconds(1), stoppingToken);
            }
        }

        lock (_gate)
        {
            _watchers.ForEach(w => w.Close());
            _watchers.Clear();
        }
    }

    [LoggerMessage(EventId = 3001, Level = LogLevel.Error, Message = "Reading the change feed failed; retrying in 1 s")]
    private static partial void LogPumpFailed(ILogger logger, Exception exception);
}
