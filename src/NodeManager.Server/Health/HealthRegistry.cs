using System.Collections.Concurrent;
using NodeManager.Core.Health;
using NodeManager.Core.Nodes;
using NodeManager.Core.Storage;

namespace NodeManager.Server.Health;

/// <summary>
/// Every registered node's live health entry, loaded at start-up and kept in step with the
/// inventory. Lookups are O(1) and lock-free. <see cref="Entries"/> is an array rebuilt only when
/// nodes are added or removed, so the sweeper's scan every second allocates nothing.
/// </summary>
public sealed partial class HealthRegistry(INodeStore nodes, IHealthStore health, TimeProvider time)
{
    private readonly ConcurrentDictionary<Guid, NodeHealthEntry> _entries = new();
    private long _membership;
    private Snapshot? _snapshot;

    private int _awaited;          // nodes READY when the instance started that have not sent a heartbeat to it yet
    private int _readyAtStart;
    private long _lastReturnTicks; // UTC ticks of the last heartbeat from one of them

    public DateTimeOffset StartedAt { get; private set; } = time.GetUtcNow();

    /// <summary>Nodes READY when the instance started that have not sent a heartbeat to it yet.</summary>
    public int AwaitedSinceStart => Volatile.Read(ref _awaited);

    /// <summary>Nodes READY when the instance started.</summary>
    public int ReadyAtStart => _readyAtStart;

    /// <summary>
    /// Agents may still be reconnecting after this instance started: for <see cref="HealthPolicy.StartupGraceOrDefault"/>,
    /// and after it, while nodes that were READY at the start are still coming back (one came back within the last
    /// grace period), up to <see cref="HealthPolicy.DownAfter"/>. A restart of a large fleet therefore holds its
    /// verdicts for as long as its agents take to return, and no longer.
    /// </summary>
    public bool InStartupGrace(DateTimeOffset now, HealthPolicy policy)
    {
        var elapsed = now - StartedAt;
        if (elapsed < policy.StartupGraceOrDefault)
        {
            return true;
        }

        if (AwaitedSinceStart == 0 || elapsed >= policy.DownAfter)
        {
            return false;
        }

        return now.UtcTicks - Interlocked.Read(ref _lastReturnTicks) < policy.Grace.Ticks;
    }

    /// <summary>A heartbeat from a node that was READY at the start and had not been heard from since (under the entry's lock).</summary>
    public void OnReturned(NodeHealthEntry entry, DateTimeOffset now)
    {
        entry.AwaitedSinceStart = false;
        Interlocked.Decrement(ref _awaited);
        Interlocked.Exchange(ref _lastReturnTicks, now.UtcTicks);
    }

    public int Count => _entries.Count;

    /// <summary>Every entry; a snapshot, current as of the last node added or removed.</summary>
    public IReadOnlyList<NodeHealthEntry> Entries
    {
        get
        {
            var membership = Interlocked.Read(ref _membership);
            var snapshot = Volatile.Read(ref _snapshot);
            if (snapshot is null || snapshot.Membership != membership)
            {
                // Built after reading the counter: a change racing with the build bumps it, and the next read rebuilds.
                snapshot = new Snapshot(membership, [.. _entries.Values]);
                Volatile.Write(ref _snapshot, snapshot);
            }

            return snapshot.Entries;
        }
    }

    public async Task LoadAsync(CancellationToken cancellationToken)
    {
        var states = (await health.LoadHealthAsync(cancellationToken)).ToDictionary(s => s.NodeId);
        var now = time.GetUtcNow();
        foreach (var node in await nodes.LoadAllAsync(cancellationToken))
        {
            var state = states.GetValueOrDefault(node.Id) ?? NodeHealthState.Initial(node.Id, now);
            _entries[node.Id] = NewEntry(node, state);
        }

        Interlocked.Increment(ref _membership);

        StartedAt = time.GetUtcNow();
        var awaited = 0;
        foreach (var entry in _entries.Values)
        {
            if (entry.State.Status == HealthStatus.Ready && entry.Judged)
            {
                entry.AwaitedSinceStart = true;
                awaited++;
            }
        }

        _readyAtStart = awaited;
        Volatile.Write(ref _awaited, awaited);
        Interlocked.Exchange(ref _lastReturnTicks, StartedAt.UtcTicks);
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
        return node is null ? null : GetOrAdd(NewEntry(node, NodeHealthState.Initial(id, time.GetUtcNow())));
    }

    /// <summary>
    /// A node as written: by this instance at once, and again (later, perhaps after newer writes) from the
    /// change feed. A version older than the entry's is passed over, so a replay never takes a node back.
    /// </summary>
    public void OnNodeWritten(Node node)
    {
        var entry = _entries.TryGetValue(node.Id, out var known) ? known : GetOrAdd(NewEntry(node, NodeHealthState.Initial(node.Id, node.CreateTime)));
        lock (entry.Gate)
        {
            if (node.Version < entry.NodeVersion)
            {
                return;
            }

            entry.Spec = node.Spec;
            entry.Lifecycle = node.LifecycleState;
            entry.NodeVersion = node.Version;
        }
    }

    public void OnNodeDeleted(Guid id)
    {
        if (_entries.TryRemove(id, out var removed))
        {
            lock (removed.Gate)
            {
                removed.Removed = true;
                if (removed.AwaitedSinceStart)
                {
                    removed.AwaitedSinceStart = false; // no longer expected back
                    Interlocked.Decrement(ref _awaited);
                }
            }

            Interlocked.Increment(ref _membership);
        }
    }

    private NodeHealthEntry GetOrAdd(NodeHealthEntry fresh)
    {
        var entry = _entries.GetOrAdd(fresh.NodeId, fresh);
        if (ReferenceEquals(entry, fresh))
        {
            Interlocked.Increment(ref _membership);
        }

        return entry;
    }

    private sealed record Snapshot(long Membership, NodeHealthEntry[] Entries);

    private static NodeHealthEntry NewEntry(Node node, NodeHealthState state) => new(node.Id, node.Spec, state) { Lifecycle = node.LifecycleState, NodeVersion = node.Version };
}
