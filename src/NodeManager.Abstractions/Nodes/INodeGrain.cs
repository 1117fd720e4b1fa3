using NodeManager.Core.Health;
using NodeManager.Core.Lifecycle;
using NodeManager.Core.Nodes;
using NodeManager.Core.Reservations;
using NodeManager.Core.Storage;
using Orleans.Concurrency;

namespace NodeManager.Abstractions.Nodes;

/// <summary>
/// One node, keyed by its UUID (DESIGN §3). Reads by UUID are answered from the grain's memory; every
/// write of the node goes through the grain, which writes the store (row and change event in one
/// transaction) and keeps what it committed. Writes made elsewhere in one transaction over many nodes
/// (an import) tell the grains they touched with <see cref="RefreshAsync"/>.
/// </summary>
/// <remarks>
/// Results are <see cref="Immutable{T}"/> and arguments <c>[Immutable]</c>: Core's records are never
/// changed after they are made, so a call within a silo passes them by reference instead of copying.
/// </remarks>
[Alias("nm.INodeGrain")]
public interface INodeGrain : IGrainWithGuidKey
{
    /// <summary>The node and what its reservations hold, or null when no such node is registered.</summary>
    [Alias("Get")]
    ValueTask<Immutable<NodeSnapshot?>> GetAsync();

    // Writes carry their actor (who asks, e.g. "user:alice"), which the store records in the node's history.

    /// <summary>Registers <paramref name="node"/> (whose id is this grain's key) unless its id, name, ip or mac is taken.</summary>
    [Alias("Create")]
    Task<Immutable<WriteResult>> CreateAsync([Immutable] Node node, string actor);

    /// <summary>Replaces the spec when the version is <paramref name="expectedVersion"/> (0 = any).</summary>
    [Alias("Update")]
    Task<Immutable<WriteResult>> UpdateAsync([Immutable] NodeSpec spec, long expectedVersion, DateTimeOffset now, string actor);

    [Alias("Delete")]
    Task<Immutable<WriteResult>> DeleteAsync(long expectedVersion, string actor);

    [Alias("Transition")]
    Task<Immutable<TransitionResult>> TransitionAsync([Immutable] LifecycleChange change);

    /// <summary>A reservation is one grain turn: the capacity check and the insert cannot interleave with another on this node.</summary>
    [Alias("Reserve")]
    Task<Immutable<ReservationResult>> ReserveAsync([Immutable] Reservation reservation, bool requireCommissioned, string actor);

    [Alias("Release")]
    Task<Immutable<ReservationResult>> ReleaseAsync(ReservationKind kind, string name, string actor);

    /// <summary>Reads the node again from the store at the next call, after a write that did not go through the grain.</summary>
    [Alias("Refresh")]
    Task RefreshAsync();

    // Health (DESIGN §3, §5). The grain decides every transition of its node, from its silo's heartbeat
    // table (and the stored heartbeat time when the stream is on another silo); the gateway and the silos'
    // sweeps call it only when something happened.

    /// <summary>
    /// A heartbeat the gateway reports (<see cref="HeartbeatReport"/>). A grain that lives elsewhere than the
    /// report's stream moves there once this call is done (placement hint and <c>MigrateOnIdle</c>).
    /// </summary>
    [Alias("Heartbeat")]
    Task<HeartbeatVerdict> HeartbeatAsync([Immutable] HeartbeatReport report);

    /// <summary>The agent ended its stream with a goodbye: the node is NOT_READY at once.</summary>
    [Alias("Goodbye")]
    Task GoodbyeAsync(DateTimeOffset at);

    /// <summary>
    /// A silo's sweep found the node silent past its deadline (or due a probe): judge it now, from what this
    /// grain's silo knows, under <paramref name="inStartupGrace"/> and <paramref name="guardActive"/> as the sweep saw them.
    /// <paramref name="streamBrokeAt"/>: the node's stream broke on the calling silo then (without goodbye).
    /// </summary>
    [Alias("Judge")]
    Task JudgeAsync(bool inStartupGrace, bool guardActive, DateTimeOffset? streamBrokeAt);

    /// <summary>The probe of the node's agent that a judgement started came back.</summary>
    [Alias("ProbeResult")]
    Task ProbeResultAsync(bool ok, string detail, int trigger);

    /// <summary>The node's health with the newest heartbeat time its silo knows, or null when no such node is registered.</summary>
    [Alias("GetHealth")]
    ValueTask<Immutable<NodeHealthState?>> GetHealthAsync();
}

/// <summary>A node as its grain holds it: the stored node and the sum of its reservations' requests.</summary>
[GenerateSerializer, Immutable, Alias("nm.NodeSnapshot")]
public sealed record NodeSnapshot(
    [property: Id(0)] Node Node,
    [property: Id(1)] ResourceAmounts Reserved);
