using Google.Protobuf.WellKnownTypes;
using NodeManager.Contracts.V1;
using NodeManager.Core.Errors;
using Pool = NodeManager.Contracts.N0stack.Pool;

namespace NodeManager.Server.N0stack;

/// <summary>
/// n0stack's Reserve/Release/Schedule calls over NodeManager's reservation engine: the node by name,
/// the reservation by <c>compute_name</c>/<c>storage_name</c>; Reserve and Schedule answer the node
/// with its reservations, Release answers Empty. Errors name n0stack's fields.
/// </summary>
public sealed partial class N0stackNodeService
{
    private const string ComputeName = "compute_name";
    private const string StorageName = "storage_name";

    public async Task<Pool.Node> ReserveCompute(Pool.ReserveComputeRequest request, CancellationToken cancellationToken)
    {
        var node = await Require(request.Name, cancellationToken);
        await InN0stackTerms(ComputeName, node,
            () => reservations.ReserveCompute(N0stackReservationMapper.ToReserve(node.Id, request), cancellationToken));
        return await ToN0stackAsync(node, cancellationToken);
    }

    public async Task<Empty> ReleaseCompute(Pool.ReleaseComputeRequest request, CancellationToken cancellationToken)
    {
        var node = await Require(request.Name, cancellationToken);
        await InN0stackTerms(ComputeName, node,
            () => reservations.ReleaseCompute(new ReleaseComputeRequest { NodeId = node.Id, Name = request.ComputeName }, cancellationToken));
        return new Empty();
    }

    public async Task<Pool.Node> ReserveStorage(Pool.ReserveStorageRequest request, CancellationToken cancellationToken)
    {
        var node = await Require(request.Name, cancellationToken);
        await InN0stackTerms(StorageName, node,
            () => reservations.ReserveStorage(N0stackReservationMapper.ToReserve(node.Id, request), cancellationToken));
        return await ToN0stackAsync(node, cancellationToken);
    }

    public async Task<Empty> ReleaseStorage(Pool.ReleaseStorageRequest request, CancellationToken cancellationToken)
    {
        var node = await Require(request.Name, cancellationToken);
        await InN0stackTerms(StorageName, node,
            () => reservations.ReleaseStorage(new ReleaseStorageRequest { NodeId = node.Id, Name = request.StorageName }, cancellationToken));
        return new Empty();
    }

    /// <summary>Any COMMISSIONED, READY node with room (best fit); RESOURCE_EXHAUSTED with the reason when none.</summary>
    public async Task<Pool.Node> ScheduleCompute(Pool.ScheduleComputeRequest request, CancellationToken cancellationToken)
    {
        var reserved = await InN0stackTerms(ComputeName, null,
            () => reservations.ScheduleCompute(N0stackReservationMapper.ToSchedule(request), cancellationToken));
        return await GetNodeByIdAsync(reserved.NodeId, cancellationToken);
    }

    public async Task<Pool.Node> ScheduleStorage(Pool.ScheduleStorageRequest request, CancellationToken cancellationToken)
    {
        var reserved = await InN0stackTerms(StorageName, null,
            () => reservations.ScheduleStorage(N0stackReservationMapper.ToSchedule(request), cancellationToken));
        return await GetNodeByIdAsync(reserved.NodeId, cancellationToken);
    }

    private async Task<Pool.Node> GetNodeByIdAsync(string id, CancellationToken cancellationToken) =>
        await ToN0stackAsync(await nodes.GetNode(new GetNodeRequest { Id = id }, cancellationToken), cancellationToken);

    private static async Task<T> InN0stackTerms<T>(string nameField, Node? node, Func<Task<T>> call)
    {
        try
        {
            return await call();
        }
        catch (NodeManagerException ex)
        {
            throw N0stackReservationErrors.Rename(ex, nameField, node?.Id, node?.Name);
        }
    }
}
