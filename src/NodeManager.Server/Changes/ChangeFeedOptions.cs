namespace NodeManager.Server.Changes;

/// <summary><c>NodeManager:Events</c>: change-feed retention and watcher limits.</summary>
public sealed class ChangeFeedOptions
{
    /// <summary>Events older than this are compacted (resuming before them needs a relist). Default 1 hour.</summary>
    public TimeSpan Retention { get; set; } = TimeSpan.FromHours(1);

    /// <summary>Compaction always keeps at least this many newest events. Default 100,000.</summary>
    public int KeepAtLeast { get; set; } = 100_000;

    /// <summary>Events buffered per watcher before it is cut off as too slow. Default 10,000.</summary>
    public int WatcherBuffer { get; set; } = 10_000;

    /// <summary>How often compaction runs. Default 1 minute.</summary>
    public TimeSpan CompactionInterval { get; set; } = TimeSpan.FromMinutes(1);

    public IReadOnlyList<string> Validate()
    {
        var problems = new List<string>();
        if (Retention <= TimeSpan.Zero || CompactionInterval <= TimeSpan.Zero)
        {
            problems.Add("NodeManager:Events:Retention and CompactionInterval must be positive TimeSpans such as 01:00:00.");
        }

        if (KeepAtLeast < 0 || WatcherBuffer < 1)
        {
            problems.Add("NodeManager:Events:KeepAtLeast must not be negative and WatcherBuffer must be at least 1.");
        }

        return problems;
    }
}
