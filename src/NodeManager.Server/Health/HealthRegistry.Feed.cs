using NodeManager.Core.Changes;
using NodeManager.Core.Health;
using NodeManager.Server.Changes;

namespace NodeManager.Server.Health;

/// <summary>
/// Keeps the registry in step with what every instance writes: node events refresh the inventory
/// view (a node created, changed or deleted through another instance; a version older than the
/// entry holds is passed over, see <see cref="OnNodeWritten"/>), health events carry the
/// transitions other instances decided.
/// </summary>
public sealed partial class HealthRegistry : IChangeListener
{
    public void OnChanges(IReadOnlyList<ChangeEvent> changes)
    {
        foreach (var change in changes)
        {
            switch (change.Kind)
            {
                case ChangeKind.NodeCreated or ChangeKind.NodeUpdated or ChangeKind.LifecycleChanged when change.Node is { } node:
                    OnNodeWritten(node);
                    break;
                case ChangeKind.NodeDeleted:
                    OnNodeDeleted(change.NodeId);
                    break;
                case ChangeKind.HealthChanged when change.Health is { } health && Find(change.NodeId) is { } entry:
                    lock (entry.Gate)
                    {
                        entry.OnFeedHealth(health);
                    }

                    break;
            }
        }
    }

    /// <summary>Saving these decisions failed: no events of them will come back.</summary>
    public void Forget(IReadOnlyList<NodeHealthState> decided)
    {
        foreach (var state in decided)
        {
            if (Find(state.NodeId) is { } entry)
            {
                lock (entry.Gate)
                {
                    entry.Forget(state);
                }
            }
        }
    }
}
