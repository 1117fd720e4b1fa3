namespace NodeManager.Server.History;

/// <summary><c>NodeManager:History</c>: how long per-node history is kept, apart from the change feed's retention.</summary>
public sealed class HistoryOptions
{
    /// <summary>Entries older than this are pruned. Default 90 days; <c>0</c> (00:00:00) keeps history forever.</summary>
    public TimeSpan Retention { get; set; } = TimeSpan.FromDays(90);

    /// <summary>How often pruning runs. Default 1 hour.</summary>
    public TimeSpan PruneInterval { get; set; } = TimeSpan.FromHours(1);

    /// <summary>Entries deleted per transaction while pruning (writers wait for one batch at most). Default 10,000.</summary>
    public int PruneBatchSize { get; set; } = 10_000;

    public IReadOnlyList<string> Validate()
    {
        var problems = new List<string>();
        if (Retention < TimeSpan.Zero)
        {
            problems.Add("NodeManager:History:Retention must be a TimeSpan such as 90.00:00:00, or 00:00:00 to keep history forever.");
        }

        if (PruneInterval <= TimeSpan.Zero)
        {
            problems.Add("NodeManager:History:PruneInterval must be a positive TimeSpan such as 01:00:00.");
        }

        if (PruneBatchSize < 1)
        {
            problems.Add("NodeManager:History:PruneBatchSize must be at least 1.");
        }

        return problems;
    }
}
