using NodeManager.Core.Nodes;

namespace NodeManager.Core.Storage;

/// <summary>
/// Durable node registry. Every method that returns has committed (or read committed data);
/// state changes report their outcome as a value: conflicts are not exceptions. Infrastructure
/// failures surface as <see cref="StoreUnavailableException"/>.
/// </summary>
public interface INodeStore
{
    /// <summary>Creates the schema or migrates it to the newest version.</summary>
    Task InitializeAsync(CancellationToken cancellationToken);

    /// <summary>True when the store answers a trivial query.</summary>
    Task<bool> PingAsync(CancellationToken cancellationToken);

    Task<Node?> GetAsync(Guid id, CancellationToken cancellationToken);

    Task<IReadOnlyList<Node>> GetManyAsync(IReadOnlyCollection<Guid> ids, CancellationToken cancellationToken);

    /// <summary>Nodes in id order after <see cref="NodeQuery.After"/>, matching the exact filters.</summary>
    Task<IReadOnlyList<Node>> ListAsync(NodeQuery query, CancellationToken cancellationToken);

    /// <summary>Every node, for diffing an import against the registry.</summary>
    Task<IReadOnlyList<Node>> LoadAllAsync(CancellationToken cancellationToken);

    // Writes record who made them (the actor, e.g. "user:alice", "" when unknown) in the node's history,
    // in the same transaction. The overloads without an actor record none.

    /// <summary>Inserts <paramref name="node"/> unless its id, name, ip or mac is taken.</summary>
    Task<WriteResult> CreateAsync(Node node, string actor, CancellationToken cancellationToken);

    Task<WriteResult> CreateAsync(Node node, CancellationToken cancellationToken) => CreateAsync(node, "", cancellationToken);

    /// <summary>
    /// Replaces the spec of node <paramref name="id"/> when its version is <paramref name="expectedVersion"/>
    /// (0 = any), bumping the version by one.
    /// </summary>
    Task<WriteResult> UpdateAsync(Guid id, NodeSpec spec, long expectedVersion, DateTimeOffset now, string actor, CancellationToken cancellationToken);

    Task<WriteResult> UpdateAsync(Guid id, NodeSpec spec, long expectedVersion, DateTimeOffset now, CancellationToken cancellationToken) =>
        UpdateAsync(id, spec, expectedVersion, now, "", cancellationToken);

    /// <summary>Deletes node <paramref name="id"/> when its version is <paramref name="expectedVersion"/> (0 = any).</summary>
    Task<WriteResult> DeleteAsync(Guid id, long expectedVersion, string actor, CancellationToken cancellationToken);

    Task<WriteResult> DeleteAsync(Guid id, long expectedVersion, CancellationToken cancellationToken) => DeleteAsync(id, expectedVersion, "", cancellationToken);

    /// <summary>
    /// Applies an import in one transaction: every create and every update (each checked against
    /// its expected version), or nothing.
    /// </summary>
    Task<WriteResult> ApplyBatchAsync(IReadOnlyList<Node> creates, IReadOnlyList<NodeUpdate> updates, string actor, CancellationToken cancellationToken);

    Task<WriteResult> ApplyBatchAsync(IReadOnlyList<Node> creates, IReadOnlyList<NodeUpdate> updates, CancellationToken cancellationToken) =>
        ApplyBatchAsync(creates, updates, "", cancellationToken);
}
