namespace NodeManager.Core.Lifecycle;

/// <summary>Durable batch operations (the <c>operations</c> table).</summary>
public interface IOperationStore
{
    Task CreateOperationAsync(BatchOperation operation, CancellationToken cancellationToken);

    Task<BatchOperation?> GetOperationAsync(string id, CancellationToken cancellationToken);

    /// <summary>
    /// Replaces operation <paramref name="operation"/>.Id when its stored version is
    /// <paramref name="expectedVersion"/>; returns the stored operation when that is not so (null = gone).
    /// </summary>
    Task<(bool Saved, BatchOperation? Current)> SaveOperationAsync(BatchOperation operation, long expectedVersion, CancellationToken cancellationToken);

    /// <summary>Every operation not yet finished, oldest first.</summary>
    Task<IReadOnlyList<BatchOperation>> ListUnfinishedOperationsAsync(CancellationToken cancellationToken);
}
