using NodeManager.Core.Health;
using NodeManager.Core.Lifecycle;
using NodeManager.Core.Nodes;
using NodeManager.Core.Reservations;

namespace NodeManager.Core.Changes;

/// <summary>
/// One durable change, appended in the same transaction as the change itself. Revisions are
/// strictly increasing in commit order, so a watcher that resumes after revision R misses nothing.
/// Node events carry the node as written (for a delete: as it was); health events the new health;
/// lifecycle events the node as written and its <see cref="Transition"/>; reservation events the <see cref="Reservation"/>.
/// </summary>
public sealed record ChangeEvent(
    long Revision,
    DateTimeOffset Time,
    ChangeKind Kind,
    Guid NodeId,
    Node? Node,
    NodeHealthState? Health,
    LifecycleTransition? Transition = null,
    Reservation? Reservation = null);
