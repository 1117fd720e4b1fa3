namespace NodeManager.Core.Health;

/// <summary>
/// The hot, per-heartbeat facts about a node's contact, by the server's clock. The server keeps
/// these in a mutable in-memory entry and hands a copy to <see cref="HealthEvaluator.Sweep"/>.
/// </summary>
public readonly record struct Liveness(
    DateTimeOffset? LastHeartbeat,
    DateTimeOffset? LastProbeOk,
    DateTimeOffset? LastProbeAt,
    bool StreamOpen,
    DateTimeOffset? StreamClosedAt,
    bool ProbeInFlight)
{
    /// <summary>The last heartbeat or successful probe.</summary>
    public DateTimeOffset? LastContact =>
        LastHeartbeat is { } h && LastProbeOk is { } p ? (h > p ? h : p) : LastHeartbeat ?? LastProbeOk;

    /// <summary>The heartbeat stream closed without goodbye and nothing arrived since.</summary>
    public bool StreamBroken => !StreamOpen && StreamClosedAt is { } closed && (LastHeartbeat is null || LastHeartbeat <= closed);
}
