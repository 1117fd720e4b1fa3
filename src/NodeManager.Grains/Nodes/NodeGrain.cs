using Microsoft.Extensions.DependencyInjection;
using NodeManager.Abstractions.Nodes;
using NodeManager.Core.Health;
using NodeManager.Core.Lifecycle;
using NodeManager.Core.Nodes;
using NodeManager.Core.Reservations;
using NodeManager.Core.Storage;
using Orleans.Concurrency;
using Orleans.Placement;
using Orleans.Runtime.Placement;

namespace NodeManager.Grains.Nodes;

/// <summary>
/// One node (DESIGN §3): answers reads by UUID from memory and is the one writer of its node. A write
/// is committed by the store (node row and change event in one transaction) before the grain keeps
/// its result, so what a caller was told survives the loss of this silo; a new activation reads it back.
/// </summary>
/// <remarks>
/// <para>
/// Health: the grain decides every transition of its node, through its silo's heartbeat table
/// (<see cref="ISiloNodeHealth"/>). It is placed on the calling silo (<see cref="PreferLocalPlacementAttribute"/>):
/// a heartbeat worth a decision activates it on the silo of the node's stream, and a grain found elsewhere by
/// such a heartbeat moves there after that call (placement hint and <c>MigrateOnIdle</c>). Plain heartbeats
/// never call it, so a quiet, healthy node has no active grain.
/// </para>
/// A node that does not exist is not remembered: the grain reads the store again on each call and
/// asks to be deactivated, so a node created by an import (which does not go through its grain) is
/// found by the next read.
/// </remarks>
[PreferLocalPlacement]
public sealed class NodeGrain(INodeStore nodes, ILifecycleStore lifecycle, IReservationStore reservations, IServiceProvider services) : Grain, INodeGrain
{
    /// <summary>The silo's heartbeat table; absent on a silo that hosts no gateway (the grain tests' silos).</summary>
    private readonly ISiloNodeHealth? health = services.GetService<ISiloNodeHealth>();
    private readonly ILocalSiloDetails silo = services.GetRequiredService<ILocalSiloDetails>();

    private NodeSnapshot? snapshot;
    private bool loaded;

    private Guid Id => this.GetPrimaryKey();

    public async ValueTask<Immutable<NodeSnapshot?>> GetAsync()
    {
        if (!loaded || snapshot is null)
        {
            await LoadAsync();
        }

        return new(snapshot);
    }

    public async Task<Immutable<WriteResult>> CreateAsync(Node node, string actor)
    {
        if (node.Id != Id)
        {
            throw new ArgumentException($"node {node.Id:D} cannot be created by the grain of node {Id:D}", nameof(node));
        }

        var result = await nodes.CreateAsync(node, actor, CancellationToken.None);
        if (result.Outcome == WriteOutcome.Ok && result.Node is { } created)
        {
            Keep(new NodeSnapshot(created, ResourceAmounts.Zero));
        }
        else
        {
            loaded = false;
        }

        return new(result);
    }

    public async Task<Immutable<WriteResult>> UpdateAsync(NodeSpec spec, long expectedVersion, DateTimeOffset now, string actor)
    {
        var result = await nodes.UpdateAsync(Id, spec, expectedVersion, now, actor, CancellationToken.None);
        switch (result.Outcome)
        {
            case WriteOutcome.Ok when result.Node is { } updated && loaded && snapshot is not null:
                Keep(snapshot with { Node = updated });
                break;
            case WriteOutcome.NotFound:
                Forget();
                break;
            default:
                loaded = false; // a version the caller did not expect, or a conflict: read it again next time
                break;
        }

        return new(result);
    }

    public async Task<Immutable<WriteResult>> DeleteAsync(long expectedVersion, string actor)
    {
        var result = await nodes.DeleteAsync(Id, expectedVersion, actor, CancellationToken.None);
        if (result.Outcome is WriteOutcome.Ok or WriteOutcome.NotFound)
        {
            Forget();
        }
        else
        {
            loaded = false;
        }

        return new(result);
    }

    public async Task<Immutable<TransitionResult>> TransitionAsync(LifecycleChange change)
    {
        if (change.NodeId != Id)
        {
            throw new ArgumentException($"a change of node {change.NodeId:D} cannot go through the grain of node {Id:D}", nameof(change));
        }

        var result = await lifecycle.TransitionAsync(change, CancellationToken.None);
        if (result.Outcome == TransitionOutcome.NotFound)
        {
            Forget();
        }
        else if (result.Outcome == TransitionOutcome.Ok && result.Reservations == 0 && result.Node is { } moved && loaded && snapshot is not null)
        {
            Keep(snapshot with { Node = moved });
        }
        else
        {
            loaded = false; // a forced decommission released reservations, or the grain was behind: read it again
        }

        return new(result);
    }

    public async Task<Immutable<ReservationResult>> ReserveAsync(Reservation reservation, bool requireCommissioned, string actor)
    {
        if (reservation.NodeId != Id)
        {
            throw new ArgumentException($"a reservation on node {reservation.NodeId:D} cannot go through the grain of node {Id:D}", nameof(reservation));
        }

        var result = await reservations.ReserveAsync(reservation, requireCommissioned, actor, CancellationToken.None);
        Observe(result, result.Outcome == ReservationOutcome.Ok ? result.Reserved.Plus(reservation.Request) : result.Reserved);
        return new(result);
    }

    public async Task<Immutable<ReservationResult>> ReleaseAsync(ReservationKind kind, string name, string actor)
    {
        var result = await reservations.ReleaseAsync(Id, kind, name, actor, CancellationToken.None);
        var after = result.Outcome == ReservationOutcome.Ok && result.Reservation is { } released
            ? result.Reserved.Minus(released.Request)
            : result.Reserved;
        Observe(result, after);
        return new(result);
    }

    /// <summary>
    /// Forgets what it holds; the next call reads the store. No read now: an import of 100,000 updates calls
    /// every updated node's grain, and one that was not active goes away again without a query.
    /// </summary>
    public Task RefreshAsync()
    {
        loaded = false;
        if (snapshot is null)
        {
            DeactivateOnIdle();
        }

        return Task.CompletedTask;
    }

    public async Task<HeartbeatVerdict> HeartbeatAsync(HeartbeatReport report)
    {
        var local = report.Stream is not { } stream || stream.Equals(silo.SiloAddress);
        if (!local)
        {
            // Move to the stream's silo once this call is done: its later heartbeats are then seen there without a call.
            RequestContext.Set(IPlacementDirector.PlacementHintKey, report.Stream!);
            MigrateOnIdle();
        }

        var after = await Health.HeartbeatAsync(Id, report);
        if (local && after is { Status: HealthStatus.Ready, Conditions.Count: 0 } && snapshot is null)
        {
            // Nothing left to decide until something happens (the gateway calls again only then), and no read to serve:
            // the grain goes, so 100,000 first heartbeats do not leave 100,000 idle grains for Orleans' 15 minutes.
            DeactivateOnIdle();
        }

        return new HeartbeatVerdict(after is not null, (int)(after?.Status ?? HealthStatus.Unspecified), local && after is not null);
    }

    public Task GoodbyeAsync(DateTimeOffset at) => Health.GoodbyeAsync(Id, at).AsTask();

    public Task JudgeAsync(bool inStartupGrace, bool guardActive, DateTimeOffset? streamBrokeAt) =>
        Health.JudgeAsync(Id, new SweepContext(inStartupGrace, guardActive), streamBrokeAt).AsTask();

    public Task ProbeResultAsync(bool ok, string detail, int trigger) => Health.ProbeResultAsync(Id, ok, detail, (DecidedBy)trigger).AsTask();

    public async ValueTask<Immutable<NodeHealthState?>> GetHealthAsync() => new(await Health.GetAsync(Id));

    private ISiloNodeHealth Health => health ?? throw new InvalidOperationException("this silo hosts no heartbeat table (ISiloNodeHealth): health calls need the server's silo");

    /// <summary>Keeps what a reservation call found: the node as the store had it and the sum held after the call.</summary>
    private void Observe(ReservationResult result, ResourceAmounts reservedAfter)
    {
        if (result.Outcome == ReservationOutcome.NodeNotFound)
        {
            Forget();
        }
        else if (result.Node is { } node)
        {
            Keep(new NodeSnapshot(node, reservedAfter));
        }
        else
        {
            loaded = false;
        }
    }

    private async Task LoadAsync()
    {
        var node = await nodes.GetAsync(Id, CancellationToken.None);
        if (node is null)
        {
            Forget();
            return;
        }

        var held = await reservations.GetReservedAsync([Id], CancellationToken.None);
        Keep(new NodeSnapshot(node, held.TryGetValue(Id, out var amounts) ? amounts : ResourceAmounts.Zero));
    }

    private void Keep(NodeSnapshot value)
    {
        snapshot = value;
        loaded = true;
    }

    private void Forget()
    {
        snapshot = null;
        loaded = false;
        DeactivateOnIdle();
    }
}
