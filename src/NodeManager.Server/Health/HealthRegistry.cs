using System.Collections.Concurrent;
using NodeManager.Core.Health;
using NodeManager.Core.Nodes;
using NodeManager.Core.Storage;

namespace NodeManager.Server.Health;

/// <summary>
/// Every registered node's live health entry, loaded at start-up and kept in step with the
/// inventory. Lookups are O(1) and lock-free.
/// </summary>
public sealed partial class HealthRegistry(INodeStore nodes, IHealthStore health, TimeProvider time)
{
    private readonly ConcurrentDictionary<Guid, NodeHealthEntry> _entries = new();

    public DateTimeOffset StartedAt { get; private set; } = time.GetUtcNow();

    public int Count => _entries.Count;

    public IEnumerable<NodeHealthEntry> Entries => _entries.Values;

    public async Task LoadAsync(CancellationToken cancellationToken)
    {
        var states = (await health.LoadHealthAsync(cancellationToken)).ToDictionary(s => s.NodeId);
        var now = time.GetUtcNow();
        foreach (var node in await nodes.LoadAllAsync(cancellationToken))
        {
            var state = states.GetValueOrDefault(node.Id) ?? NodeHealthState.Initial(node.Id, now);
            _entries[node.Id] = NewEntry(node, state);
        }

        StartedAt = time.GetUtcNow();
    }

    public NodeHealthEntry? Find(Guid id) => _entries.GetValueOrDefault(id);

    /// <summary>The entry of a node, reading the inventory for a node created elsewhere (another instance); null when unknown.</summary>
    public async ValueTask<NodeHealthEntry?> FindOrLoadAsync(Guid id, CancellationToken cancellationToken)
    {
        if (_entries.TryGetValue(id, out var entry))
        {
            return entry;
        }

        var node = await nodes.GetAsync(id, cancellationToken);
        return node is null ? null : _entries.GetOrAdd(id, _ => NewEntry(node, NodeHealthState.Initial(id, time.GetUtcNow())));
    }

    public void OnNodeWritten(Node node)
    {
        var entry = _entries.GetOrAdd(node.Id, _ => NewEntry(node, NodeHealthState.Initial(node.Id, node.CreateTime)));
        lock (entry.Gate)
        {
            entry.Spec = node.Spec;
            entry.Lifecycle = node.LifecycleState;
        }
    }

    public void OnNodeDeleted(Guid id) => _entries.TryRemove(id, out _);

    private static NodeHealthEntry NewEntry(Node node, NodeHealthState state) => new(node.Id, node.Spec, state) { Lifecycle = node.LifecycleState };
}
