namespace NodeManager.Core.Changes;

/// <summary>What a change-feed event records; numeric values match the wire enum.</summary>
public enum ChangeKind
{
    Unspecified = 0,
    NodeCreated = 1,
    NodeUpdated = 2,
    NodeDeleted = 3,
    HealthChanged = 4,
    LifecycleChanged = 5,
    ReservationCreated = 6,
    ReservationReleased = 7,
}
