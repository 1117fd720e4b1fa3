using Google.Protobuf.WellKnownTypes;
using NodeManager.Grpc;
using NodeManager.Server.Grpc;
using Pool = NodeManager.Contracts.N0stack.Pool;

namespace NodeManager.Server.N0stack;

/// <summary>
/// <c>n0stack.pool.NodeService</c> over gRPC, for n0stack clients: the node calls, and the
/// Reserve/Release/Schedule Compute/Storage calls over the reservation engine
/// (see README "n0stack compatibility").
/// </summary>
public static class N0stackGrpcApi
{
    public const string ServiceName = "n0stack.pool.NodeService";

    public static GrpcServiceBuilder MapN0stackGrpcService(this IEndpointRouteBuilder app)
    {
        var nodes = app.ServiceProvider.GetRequiredService<N0stackNodeService>();
        return app.MapGrpcService(ServiceName)
            .Unary<Pool.ListNodesRequest, Pool.ListNodesResponse>("ListNodes", Pool.ListNodesRequest.Parser, (_, c) => GrpcErrors.Run(c, nodes.ListNodes))
            .Unary<Pool.GetNodeRequest, Pool.Node>("GetNode", Pool.GetNodeRequest.Parser, (r, c) => GrpcErrors.Run(c, ct => nodes.GetNode(r, ct)))
            .Unary<Pool.ApplyNodeRequest, Pool.Node>("ApplyNode", Pool.ApplyNodeRequest.Parser, (r, c) => GrpcErrors.Run(c, ct => nodes.ApplyNode(r, ct)))
            .Unary<Pool.DeleteNodeRequest, Empty>("DeleteNode", Pool.DeleteNodeRequest.Parser, (r, c) => GrpcErrors.Run(c, ct => nodes.DeleteNode(r, ct)))
            .Unary<Pool.ScheduleComputeRequest, Pool.Node>("ScheduleCompute", Pool.ScheduleComputeRequest.Parser, (r, c) => GrpcErrors.Run(c, ct => nodes.ScheduleCompute(r, ct)))
            .Unary<Pool.ReserveComputeRequest, Pool.Node>("ReserveCompute", Pool.ReserveComputeRequest.Parser, (r, c) => GrpcErrors.Run(c, ct => nodes.ReserveCompute(r, ct)))
            .Unary<Pool.ReleaseComputeRequest, Empty>("ReleaseCompute", Pool.ReleaseComputeRequest.Parser, (r, c) => GrpcErrors.Run(c, ct => nodes.ReleaseCompute(r, ct)))
            .Unary<Pool.ScheduleStorageRequest, Pool.Node>("ScheduleStorage", Pool.ScheduleStorageRequest.Parser, (r, c) => GrpcErrors.Run(c, ct => nodes.ScheduleStorage(r, ct)))
            .Unary<Pool.ReserveStorageRequest, Pool.Node>("ReserveStorage", Pool.ReserveStorageRequest.Parser, (r, c) => GrpcErrors.Run(c, ct => nodes.ReserveStorage(r, ct)))
            .Unary<Pool.ReleaseStorageRequest, Empty>("ReleaseStorage", Pool.ReleaseStorageRequest.Parser, (r, c) => GrpcErrors.Run(c, ct => nodes.ReleaseStorage(r, ct)));
    }
}
