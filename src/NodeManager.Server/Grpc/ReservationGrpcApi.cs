using NodeManager.Contracts.V1;
using NodeManager.Grpc;
using NodeManager.Server.Reservations;

namespace NodeManager.Server.Grpc;

/// <summary><c>nodemanager.v1.ReservationService</c> over gRPC: the same <see cref="ReservationServiceImpl"/> as REST.</summary>
public static class ReservationGrpcApi
{
    public const string ServiceName = "nodemanager.v1.ReservationService";

    public static GrpcServiceBuilder MapReservationGrpcService(this IEndpointRouteBuilder app)
    {
        var reservations = app.ServiceProvider.GetRequiredService<ReservationServiceImpl>();
        return app.MapGrpcService(ServiceName)
            .Unary<ReserveComputeRequest, Reservation>("ReserveCompute", ReserveComputeRequest.Parser, (r, c) => GrpcErrors.Run(c, ct => reservations.ReserveCompute(r, ct)))
            .Unary<ReleaseComputeRequest, Reservation>("ReleaseCompute", ReleaseComputeRequest.Parser, (r, c) => GrpcErrors.Run(c, ct => reservations.ReleaseCompute(r, ct)))
            .Unary<ReserveStorageRequest, Reservation>("ReserveStorage", ReserveStorageRequest.Parser, (r, c) => GrpcErrors.Run(c, ct => reservations.ReserveStorage(r, ct)))
            .Unary<ReleaseStorageRequest, Reservation>("ReleaseStorage", ReleaseStorageRequest.Parser, (r, c) => GrpcErrors.Run(c, ct => reservations.ReleaseStorage(r, ct)))
            .Unary<ScheduleComputeRequest, Reservation>("ScheduleCompute", ScheduleComputeRequest.Parser, (r, c) => GrpcErrors.Run(c, ct => reservations.ScheduleCompute(r, ct)))
            .Unary<ScheduleStorageRequest, Reservation>("ScheduleStorage", ScheduleStorageRequest.Parser, (r, c) => GrpcErrors.Run(c, ct => reservations.ScheduleStorage(r, ct)))
            .Unary<ListReservationsRequest, ListReservationsResponse>("ListReservations", ListReservationsRequest.Parser, (r, c) => GrpcErrors.Run(c, ct => reservations.ListReservations(r, ct)));
    }
}
