using NodeManager.Grpc;
using NodeManager.Server.Grpc;
using Pool = NodeManager.Contracts.N0stack.Pool;

namespace NodeManager.Server.N0stack;

/// <summary>
/// <c>n0stack.pool.NodeService</c> over gRPC, for n0stack clients. The reservation methods
/// (Reserve/Release/Schedule Compute/Storage) are not mapped yet: they answer UNIMPLEMENTED
/// until the reservation engine exists (see README "n0stack compatibility").
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
            .Unary<Pool.DeleteNodeRequest, Google.Protobuf.WellKnownTypes.Empty>("DeleteNode", Pool.DeleteNodeRequest.Parser, (r, c) => GrpcErrors.Run(c, ct => nodes.DeleteNode(r, ct)));
    }
}
