using System.Threading.Channels;
using NodeManager.Core.Changes;

namespace NodeManager.Server.Changes;

/// <summary>One live subscription: a bounded queue of events after <see cref="StartAfter"/>; overflow cuts it off.</summary>
public sealed class Watcher(long startAfter, int capacity)
{
    private readonly Channel<ChangeEvent> _events = Channel.CreateBounded<ChangeEvent>(
        new BoundedChannelOptions(capacity) { SingleReader = true, SingleWriter = true, FullMode = BoundedChannelFullMode.Wait });

    /// <summary>The last revision dispatched before this watcher joined: the channel has everything after it.</summary>
    public long StartAfter { get; } = startAfter;

    public bool Overflowed { get; private set; }

    public ChannelReader<ChangeEvent> Events => _events.Reader;

    /// <summary>Called by the hub only; a full queue ends the subscription instead of buffering without bound.</summary>
    public void Offer(ChangeEvent change)
    {
        if (!Overflowed && !_events.Writer.TryWrite(change))
        {
            Overflowed = true;
            _events.Writer.TryComplete();
        }
    }

    public void Close() => _events.Writer.TryComplete();
}
