using System.Runtime.CompilerServices;
using NodeManager.Core.Changes;
using NodeManager.Core.Errors;
using NodeManager.Core.Storage;

namespace NodeManager.Server.Changes;

/// <summary>
/// Replay then live, without gaps or duplicates: join the hub first (its queue holds everything
/// after revision S), replay from the store the events in (after, S], then drain the queue. When the
/// server stops, the watch ends at once with UNAVAILABLE and the revision to resume after (on another
/// instance), rather than holding the shutdown until its timeout.
/// </summary>
public sealed class WatchStream(ChangeFeedHub hub, IChangeFeed feed, IHostApplicationLifetime lifetime)
{
    public async IAsyncEnumerable<ChangeEvent> WatchAsync(long afterRevision, bool fromNow, Func<ChangeEvent, bool> filter, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        if (afterRevision < 0 || (fromNow && afterRevision != 0))
        {
            throw NodeManagerException.Invalid("after_revision", fromNow ? "must be 0 with from_now" : "must not be negative");
        }

        var watcher = await hub.SubscribeAsync(cancellationToken);
        using var stopping = lifetime.ApplicationStopping.Register(watcher.Close);
        try
        {
            var last = fromNow ? watcher.StartAfter : afterRevision;
            if (!fromNow && afterRevision < watcher.StartAfter)
            {
                var range = await feed.GetRevisionRangeAsync(cancellationToken);
                if (afterRevision < range.CompactedThrough)
                {
                    throw new NodeManagerException(ErrorCode.OutOfRange,
                        $"revision {afterRevision} is older than the retained history (compacted through {range.CompactedThrough}); list again and watch after the list's revision");
                }

                var replayed = false;
                while (!replayed && last < watcher.StartAfter)
                {
                    var batch = await feed.ReadEventsAsync(last, 1000, cancellationToken);
                    replayed = batch.Count == 0;
                    foreach (var change in batch)
                    {
                        if (change.Revision > watcher.StartAfter)
                        {
                            replayed = true;
                            break;
                        }

                        last = change.Revision;
                        if (filter(change))
                        {
                            yield return change;
                        }
                    }
                }

                last = Math.Max(last, watcher.StartAfter);
            }

            while (await watcher.Events.WaitToReadAsync(cancellationToken))
            {
                while (watcher.Events.TryRead(out var change))
                {
                    if (change.Revision <= last)
                    {
                        continue;
                    }

                    last = change.Revision;
                    if (filter(change))
                    {
                        yield return change;
                    }
                }
            }

            if (lifetime.ApplicationStopping.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
            {
                throw new NodeManagerException(ErrorCode.Unavailable,
                    $"the server is shutting down; resume with after_revision={last}", resumeAfterRevision: last);
            }

            if (watcher.Overflowed)
            {
                throw new NodeManagerException(ErrorCode.ResourceExhausted,
                    $"watcher too slow: more than its buffer of events behind; resume with after_revision={last}", resumeAfterRevision: last);
            }
        }
        finally
        {
            hub.Unsubscribe(watcher);
        }
    }
}
