using NodeManager.Contracts.V1;
using NodeManager.Core.Errors;
using NodeManager.Core.Labels;
using NodeManager.Core.Reservations;
using NodeManager.Core.Storage;
using CoreNode = NodeManager.Core.Nodes.Node;
using FieldViolation = NodeManager.Core.Errors.FieldViolation;
using PlacementPolicy = NodeManager.Contracts.V1.PlacementPolicy;
using CoreReservation = NodeManager.Core.Reservations.Reservation;
using CoreState = NodeManager.Core.Nodes.LifecycleState;
using Reservation = NodeManager.Contracts.V1.Reservation;

namespace NodeManager.Server.Reservations;

/// <summary>
/// Scheduling: candidates are COMMISSIONED nodes that match the selector and are READY (as this
/// instance's health registry sees them); <see cref="Placement"/> ranks those with room (best fit by
/// default, spread on request); the first that still has room when its row is locked gets the
/// reservation. A node that filled up in between is skipped for the next.
/// </summary>
public sealed partial class ReservationServiceImpl
{
    public Task<Reservation> ScheduleCompute(ScheduleComputeRequest request, CancellationToken cancellationToken)
    {
        var wanted = ComputeOf(Guid.Empty, request.Name, request.RequestCpuMilliCores, request.LimitCpuMilliCores, request.RequestMemoryBytes, request.LimitMemoryBytes);
        return ScheduleAsync(wanted, request.LabelSelector, request.Policy, cancellationToken);
    }

    public Task<Reservation> ScheduleStorage(ScheduleStorageRequest request, CancellationToken cancellationToken)
    {
        var wanted = StorageOf(Guid.Empty, request.Name, request.RequestStorageBytes, request.LimitStorageBytes);
        return ScheduleAsync(wanted, request.LabelSelector, request.Policy, cancellationToken);
    }

    private async Task<Reservation> ScheduleAsync(CoreReservation wanted, string selectorText, PlacementPolicy policy, CancellationToken cancellationToken)
    {
        if (!LabelSelector.TryParse(selectorText, out var selector, out var error))
        {
            throw NodeManagerException.Invalid("label_selector", error!);
        }

        if (policy is not (PlacementPolicy.Unspecified or PlacementPolicy.BestFit or PlacementPolicy.Spread))
        {
            throw NodeManagerException.Invalid("policy", "must be BEST_FIT or SPREAD");
        }

        var commissioned = await CommissionedAsync(selector, cancellationToken);
        var ready = commissioned.Where(n => health.Find(n.Id)?.Status == HealthStatus.Ready).ToList();
        var reserved = await store.GetReservedAsync(ready.Select(n => n.Id).ToList(), cancellationToken);
        var ranked = Placement.Rank(ready.Select(n => (n, reserved.GetValueOrDefault(n.Id) ?? ResourceAmounts.Zero)), wanted.Request,
            (Core.Reservations.PlacementPolicy)(int)policy);
        foreach (var node in ranked)
        {
            var result = await grains.ReserveAsync(wanted with { NodeId = node.Id }, requireCommissioned: true, caller.Actor);
            if (result.Outcome is ReservationOutcome.Ok or ReservationOutcome.Unchanged)
            {
                return ReservationMapper.ToProto(result.Reservation!);
            }
        }

        var size = $"cpu {wanted.Request.CpuMilliCores}m, memory {wanted.Request.MemoryBytes} B, storage {wanted.Request.StorageBytes} B";
        var reason = commissioned.Count == 0 ? "no COMMISSIONED node matches the label selector"
            : ready.Count == 0 ? $"{commissioned.Count} COMMISSIONED node(s) match, none of them READY"
            : ranked.Count == 0 ? $"{ready.Count} COMMISSIONED and READY node(s) match, none with room for {size}"
            : $"the {ranked.Count} node(s) with room for {size} filled up while reserving; retry";
        throw new NodeManagerException(ErrorCode.ResourceExhausted,
            $"no node fits the {ReservationRequestValidator.KindName(wanted.Kind)} request '{wanted.Name}': {reason}",
            [new FieldViolation("label_selector", reason)]);
    }

    private async Task<List<CoreNode>> CommissionedAsync(LabelSelector selector, CancellationToken cancellationToken)
    {
        var found = new List<CoreNode>();
        var query = new NodeQuery(null, 1000) { LifecycleState = CoreState.Commissioned };
        while (true)
        {
            var page = await nodes.ListAsync(query, cancellationToken);
            found.AddRange(page.Where(n => selector.Matches(n.Spec.Labels)));
            if (page.Count < query.Limit)
            {
                return found;
            }

            query = query with { After = page[^1].Id };
        }
    }
}
