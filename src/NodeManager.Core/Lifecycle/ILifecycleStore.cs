namespace NodeManager.Core.Lifecycle;

/// <summary>
/// Durable lifecycle state. A transition locks the node row, checks it against
/// <see cref="LifecycleTableCheck"/>, bumps the node version, records reason, actor and time, and
/// appends a <see cref="Changes.ChangeKind.LifecycleChanged"/> event, in one transaction.
/// </summary>
public interface ILifecycleStore
{
    Task<TransitionResult> TransitionAsync(LifecycleChange change, CancellationToken cancellationToken);

    /// <summary>The last recorded transition of a node; null when it never moved (or is unknown).</summary>
    Task<LifecycleTransition?> GetLastTransitionAsync(Guid nodeId, CancellationToken cancellationToken);
}
