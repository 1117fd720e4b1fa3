namespace NodeManager.Core.Reservations;

/// <summary>How scheduling ranks the nodes that fit; numeric values match the wire enum.</summary>
public enum PlacementPolicy
{
    /// <summary>Best fit (the default).</summary>
    Unspecified = 0,

    /// <summary>The node left with the least free room (relative to its capacity) after placing: packs nodes.</summary>
    BestFit = 1,

    /// <summary>The node left with the most free room: spreads load.</summary>
    Spread = 2,
}
