namespace NodeManager.Abstractions.Lifecycle;

/// <summary>
/// One batch lifecycle operation (key: its id), run to the end by whichever silo holds the grain: it looks at
/// the selected nodes, lets the rolling planner say which may move now, transitions them through their
/// NodeGrains and saves its progress (compare-and-swap on the stored operation), once per poll interval.
/// Its state is the store's, so when its silo dies the next <see cref="RunAsync"/> resumes it elsewhere.
/// </summary>
[Alias("nm.IRollingOperationGrain")]
public interface IRollingOperationGrain : IGrainWithStringKey
{
    /// <summary>Makes sure the operation runs (idempotent); returns at once. A finished or unknown operation does nothing.</summary>
    [Alias("Run")]
    Task RunAsync();
}
