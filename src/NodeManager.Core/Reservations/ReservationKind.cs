namespace NodeManager.Core.Reservations;

/// <summary>What a reservation holds; numeric values match the wire enum.</summary>
public enum ReservationKind
{
    Unspecified = 0,

    /// <summary>CPU milli-cores and memory bytes.</summary>
    Compute = 1,

    /// <summary>Storage bytes.</summary>
    Storage = 2,
}
