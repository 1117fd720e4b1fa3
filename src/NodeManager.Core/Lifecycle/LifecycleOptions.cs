namespace NodeManager.Core.Lifecycle;

/// <summary><c>NodeManager:Lifecycle</c>.</summary>
public sealed class LifecycleOptions
{
    /// <summary>Commission every newly registered node at once (actor <c>system:auto-commission</c>). Default off.</summary>
    public bool AutoCommission { get; set; }

    /// <summary>How often a running batch operation looks again when no change event woke it. Default 1 s.</summary>
    public TimeSpan OperationPollInterval { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>
    /// How often each silo makes sure every unfinished batch operation runs (its RollingOperationGrain is
    /// active somewhere): an operation whose silo died resumes on another within this. Default 15 s.
    /// </summary>
    public TimeSpan OperationResumeInterval { get; set; } = TimeSpan.FromSeconds(15);
}
