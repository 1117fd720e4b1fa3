using Microsoft.AspNetCore.Authorization;
using Google.Protobuf.WellKnownTypes;
using Grpc.Core;
using Pool = NodeManager.Contracts.N0stack.Pool;
using NodeManager.Server.Security;

namespace NodeManager.Server.N0stack;

/// <summary>
/// <c>n0stack.pool.NodeService</c> over gRPC, for n0stack clients: the node calls, and the
/// Reserve/Release/Schedule Compute/Storage calls over the reservation engine
/// (see docs/compatibility.md).
/// </summary>
public sealed class N0stackGrpcService(N0stackNodeService nodes) : Pool.NodeService.NodeServiceBase
{
    [Authorize(Policies.Viewer)]
    public override Task<Pool.ListNodesResponse> ListNodes(Pool.ListNodesRequest request, ServerCallContext context) => nodes.ListNodes(context.CancellationToken);

    [Authorize(Policies.Viewer)]
    public override Task<Pool.Node> GetNode(Pool.GetNodeRequest request, ServerCallContext context) => nodes.GetNode(request, context.CancellationToken);

    [Authorize(Policies.Operator)]
    public override Task<Pool.Node> ApplyNode(Pool.ApplyNodeRequest request, ServerCallContext context) => nodes.ApplyNode(request, context.CancellationToken);

    [Authorize(Policies.Admin)]
    public override Task<Empty> DeleteNode(Pool.DeleteNodeRequest request, ServerCallContext context) => nodes.DeleteNode(request, context.CancellationToken);

    [Authorize(Policies.Operator)]
    public override Task<Pool.Node> ScheduleCompute(Pool.ScheduleComputeRequest request, ServerCallContext context) => nodes.ScheduleCompute(request, context.CancellationToken);

    [Authorize(Policies.Operator)]
    public override Task<Pool.Node> ReserveCompute(Pool.ReserveComputeRequest request, ServerCallContext context) => nodes.ReserveCompute(request, context.CancellationToken);

    [Authorize(Policies.Operator)]
    public override Task<Empty> ReleaseCompute(Pool.ReleaseComputeRequest request, ServerCallContext context) => nodes.ReleaseCompute(request, context.CancellationToken);

    [Authorize(Policies.Operator)]
    public override Task<Pool.Node> ScheduleStorage(Pool.ScheduleStorageRequest request, ServerCallContext context) => nodes.ScheduleStorage(request, context.CancellationToken);

    [Authorize(Policies.Operator)]
    public override Task<Pool.Node> ReserveStorage(Pool.ReserveStorageRequest request, ServerCallContext context) => nodes.ReserveStorage(request, context.CancellationToken);

    [Authorize(Policies.Operator)]
    public override Task<Empty> ReleaseStorage(Pool.ReleaseStorageRequest request, ServerCallContext context) => nodes.ReleaseStorage(request, context.CancellationToken);
}
