using NodeManager.Contracts.V1;
using NodeManager.Core.Errors;
using NodeManager.Core.Nodes;
using NodeManager.Core.Reservations;
using NodeManager.Core.Storage;
using NodeManager.Server.Api;
using NodeManager.Server.Cluster;
using NodeManager.Server.Health;
using FieldViolation = NodeManager.Core.Errors.FieldViolation;
using V = NodeManager.Server.Reservations.ReservationRequestValidator;
using CoreReservation = NodeManager.Core.Reservations.Reservation;
using CoreKind = NodeManager.Core.Reservations.ReservationKind;
using Reservation = NodeManager.Contracts.V1.Reservation;

namespace NodeManager.Server.Reservations;

/// <summary>
/// <c>nodemanager.v1.ReservationService</c>: one implementation behind REST and gRPC, and callable
/// in process with the Contracts request types (the n0stack compatibility layer maps onto it).
/// Validation first; a reservation is one turn of the node's grain, and the store holds the node row while it
/// checks capacity, so nothing overcommits.
/// </summary>
public sealed partial class ReservationServiceImpl(
    INodeStore nodes, NodeGrains grains, IReservationStore store, NodeHealthService health, TimeProvider time, CallerIdentity caller)
{
    public async Task<Reservation> ReserveCompute(ReserveComputeRequest request, CancellationToken cancellationToken) =>
        await ReserveAsync(ComputeOf(NodeId(request.NodeId), request.Name, request.RequestCpuMilliCores, request.LimitCpuMilliCores,
            request.RequestMemoryBytes, request.LimitMemoryBytes), cancellationToken);

    public async Task<Reservation> ReserveStorage(ReserveStorageRequest request, CancellationToken cancellationToken) =>
        await ReserveAsync(StorageOf(NodeId(request.NodeId), request.Name, request.RequestStorageBytes, request.LimitStorageBytes), cancellationToken);

    public Task<Reservation> ReleaseCompute(ReleaseComputeRequest request, CancellationToken cancellationToken) =>
        ReleaseAsync(request.NodeId, CoreKind.Compute, request.Name, cancellationToken);

    public Task<Reservation> ReleaseStorage(ReleaseStorageRequest request, CancellationToken cancellationToken) =>
        ReleaseAsync(request.NodeId, CoreKind.Storage, request.Name, cancellationToken);

    public async Task<ListReservationsResponse> ListReservations(ListReservationsRequest request, CancellationToken cancellationToken)
    {
        var id = NodeId(request.NodeId);
        var node = (await grains.GetAsync(id))?.Node ?? throw NodeManagerException.NotFound(request.NodeId);
        var held = await store.ListReservationsAsync(id, cancellationToken);
        var capacity = ResourceAmounts.Of(node.Spec.Capacity);
        var reserved = held.Aggregate(ResourceAmounts.Zero, (sum, r) => sum.Plus(r.Request));
        var response = new ListReservationsResponse
        {
            Capacity = ReservationMapper.ToCapacity(capacity),
            Reserved = ReservationMapper.ToCapacity(reserved),
            Free = ReservationMapper.ToCapacity(capacity.Minus(reserved)),
        };
        response.Reservations.AddRange(held.Select(ReservationMapper.ToProto));
        return response;
    }

    private async Task<Reservation> ReserveAsync(CoreReservation wanted, CancellationToken cancellationToken)
    {
        var result = await grains.ReserveAsync(wanted, requireCommissioned: false, caller.Actor);
        return result.Outcome is ReservationOutcome.Ok or ReservationOutcome.Unchanged
            ? ReservationMapper.ToProto(result.Reservation!)
            : throw ReservationErrors.From(result, wanted);
    }

    private async Task<Reservation> ReleaseAsync(string nodeId, CoreKind kind, string name, CancellationToken cancellationToken)
    {
        var violations = new List<FieldViolation>();
        var id = NodeId(nodeId, violations);
        V.Name(name, violations);
        V.ThrowIfAny(violations);
        var result = await grains.ReleaseAsync(id, kind, name, caller.Actor);
        var wanted = new CoreReservation(id, kind, name, ResourceAmounts.Zero, ResourceAmounts.Zero, default);
        return result.Outcome == ReservationOutcome.Ok ? ReservationMapper.ToProto(result.Reservation!) : throw ReservationErrors.From(result, wanted);
    }

    private CoreReservation ComputeOf(Guid nodeId, string name, long cpu, long cpuLimit, long memory, long memoryLimit)
    {
        var violations = new List<FieldViolation>();
        V.Name(name, violations);
        var (cpuRequest, cpuMax) = V.Size(cpu, cpuLimit, "request_cpu_milli_cores", "limit_cpu_milli_cores", violations);
        var (memoryRequest, memoryMax) = V.Size(memory, memoryLimit, "request_memory_bytes", "limit_memory_bytes", violations);
        V.ThrowIfAny(violations);
        return new CoreReservation(nodeId, CoreKind.Compute, name, new ResourceAmounts(cpuRequest, memoryRequest, 0),
            new ResourceAmounts(cpuMax, memoryMax, 0), ServerClock.Now(time));
    }

    private CoreReservation StorageOf(Guid nodeId, string name, long storage, long storageLimit)
    {
        var violations = new List<FieldViolation>();
        V.Name(name, violations);
        var (request, limit) = V.Size(storage, storageLimit, "request_storage_bytes", "limit_storage_bytes", violations);
        V.ThrowIfAny(violations);
        return new CoreReservation(nodeId, CoreKind.Storage, name, new ResourceAmounts(0, 0, request), new ResourceAmounts(0, 0, limit), ServerClock.Now(time));
    }

    private static Guid NodeId(string text, List<FieldViolation>? violations = null)
    {
        if (NodeManager.Core.Nodes.NodeId.TryParse(text, out var id))
        {
            return id;
        }

        var problem = new FieldViolation("node_id", text.Length == 0 ? "is required" : NodeManager.Core.Nodes.NodeId.Rule);
        if (violations is null)
        {
            throw NodeManagerException.Invalid([problem]);
        }

        violations.Add(problem);
        return Guid.Empty;
    }
}
