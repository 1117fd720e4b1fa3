using Microsoft.AspNetCore.Authorization;
using Grpc.Core;
using NodeManager.Contracts.V1;
using NodeManager.Server.Reservations;
using NodeManager.Server.Security;

namespace NodeManager.Server.Grpc;

/// <summary><c>nodemanager.v1.ReservationService</c> over gRPC: the same <see cref="ReservationServiceImpl"/> as REST.</summary>
public sealed class ReservationGrpcService(ReservationServiceImpl reservations) : ReservationService.ReservationServiceBase
{
    [Authorize(Policies.Operator)]
    public override Task<Reservation> ReserveCompute(ReserveComputeRequest request, ServerCallContext context) => reservations.ReserveCompute(request, context.CancellationToken);

    [Authorize(Policies.Operator)]
    public override Task<Reservation> ReleaseCompute(ReleaseComputeRequest request, ServerCallContext context) => reservations.ReleaseCompute(request, context.CancellationToken);

    [Authorize(Policies.Operator)]
    public override Task<Reservation> ReserveStorage(ReserveStorageRequest request, ServerCallContext context) => reservations.ReserveStorage(request, context.CancellationToken);

    [Authorize(Policies.Operator)]
    public override Task<Reservation> ReleaseStorage(ReleaseStorageRequest request, ServerCallContext context) => reservations.ReleaseStorage(request, context.CancellationToken);

    [Authorize(Policies.Operator)]
    public override Task<Reservation> ScheduleCompute(ScheduleComputeRequest request, ServerCallContext context) => reservations.ScheduleCompute(request, context.CancellationToken);

    [Authorize(Policies.Operator)]
    public override Task<Reservation> ScheduleStorage(ScheduleStorageRequest request, ServerCallContext context) => reservations.ScheduleStorage(request, context.CancellationToken);

    [Authorize(Policies.Viewer)]
    public override Task<ListReservationsResponse> ListReservations(ListReservationsRequest request, ServerCallContext context) => reservations.ListReservations(request, context.CancellationToken);
}
