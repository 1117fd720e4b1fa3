using NodeManager.Core.Health;
using NodeManager.Core.Nodes;
using NodeManager.Core.Reservations;

namespace NodeManager.Core.History;

/// <summary>
/// What a history entry shows of its change, compactly; the members that apply to its kind are set:
/// the node's name (created, updated, deleted), the fields an update changed, a health transition
/// (from, to, who decided, reason, conditions), a lifecycle transition (from, to, reason, operation)
/// or a reservation (kind and name).
/// </summary>
public sealed record HistoryDetail
{
    public static readonly HistoryDetail Empty = new();

    public string Name { get; init; } = "";

    /// <summary>The wire names of the fields an update changed (e.g. <c>ip</c>, <c>labels</c>), in wire order.</summary>
    public IReadOnlyList<string> ChangedFields { get; init; } = [];

    /// <summary>The status before a health change; null when the node had no health recorded.</summary>
    public HealthStatus? HealthFrom { get; init; }

    public HealthStatus? HealthTo { get; init; }

    public DecidedBy? DecidedBy { get; init; }

    /// <summary>The reason of a health or lifecycle transition.</summary>
    public string Reason { get; init; } = "";

    public string Message { get; init; } = "";

    public IReadOnlyList<HistoryCondition> Conditions { get; init; } = [];

    public LifecycleState? LifecycleFrom { get; init; }

    public LifecycleState? LifecycleTo { get; init; }

    public string OperationId { get; init; } = "";

    public ReservationKind? ReservationKind { get; init; }

    public string ReservationName { get; init; } = "";

    public bool Equals(HistoryDetail? other) =>
        other is not null && Name == other.Name && ChangedFields.SequenceEqual(other.ChangedFields)
        && HealthFrom == other.HealthFrom && HealthTo == other.HealthTo && DecidedBy == other.DecidedBy
        && Reason == other.Reason && Message == other.Message && Conditions.SequenceEqual(other.Conditions)
        && LifecycleFrom == other.LifecycleFrom && LifecycleTo == other.LifecycleTo && OperationId == other.OperationId
        && ReservationKind == other.ReservationKind && ReservationName == other.ReservationName;

    public override int GetHashCode() => HashCode.Combine(Name, HealthTo, LifecycleTo, ReservationName);
}

/// <summary>A health condition as a history entry shows it.</summary>
public sealed record HistoryCondition(string Type, bool Status, string Reason);
