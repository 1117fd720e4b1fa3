namespace NodeManager.Server.Lifecycle;

/// <summary><c>NodeManager:Lifecycle</c>.</summary>
public sealed class LifecycleOptions
{
    /// <summary>Commission every newly registered node at once (actor <c>system:auto-commission</c>). Default off.</summary>
    public bool AutoCommission { get; set; }

    /// <summary>How often a running batch operation looks again when no change event woke it. Default 1 s.</summary>
    public TimeSpan OperationPollInterval { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>
    /// How long a batch operation stays with the instance running it after its last progress save;
    /// when it lapses (that instance died) any instance claims the operation and resumes it. Default 30 s.
    /// </summary>
    public TimeSpan OperationLease { get; set; } = TimeSpan.FromSeconds(30);
}
