using NodeManager.Contracts.V1;
using NodeManager.Grpc;
using NodeManager.Server.Changes;
using NodeManager.Server.Nodes;

namespace NodeManager.Server.Grpc;

/// <summary><c>nodemanager.v1.NodeService</c> over gRPC: the same <see cref="NodeServiceImpl"/> as REST.</summary>
public static class NodeGrpcApi
{
    public const string ServiceName = "nodemanager.v1.NodeService";

    public static GrpcServiceBuilder MapNodeGrpcService(this IEndpointRouteBuilder app)
    {
        var nodes = app.ServiceProvider.GetRequiredService<NodeServiceImpl>();
        var watch = app.ServiceProvider.GetRequiredService<WatchService>();
        return app.MapGrpcService(ServiceName)
            .Unary<CreateNodeRequest, Node>("CreateNode", CreateNodeRequest.Parser, (r, c) => GrpcErrors.Run(c, ct => nodes.CreateNode(r, ct)))
            .Unary<GetNodeRequest, Node>("GetNode", GetNodeRequest.Parser, (r, c) => GrpcErrors.Run(c, ct => nodes.GetNode(r, ct)))
            .Unary<ListNodesRequest, ListNodesResponse>("ListNodes", ListNodesRequest.Parser, (r, c) => GrpcErrors.Run(c, ct => nodes.ListNodes(r, ct)))
            .Unary<UpdateNodeRequest, Node>("UpdateNode", UpdateNodeRequest.Parser, (r, c) => GrpcErrors.Run(c, ct => nodes.UpdateNode(r, ct)))
            .Unary<DeleteNodeRequest, DeleteNodeResponse>("DeleteNode", DeleteNodeRequest.Parser, (r, c) => GrpcErrors.Run(c, ct => nodes.DeleteNode(r, ct)))
            .Unary<BatchGetNodesRequest, BatchGetNodesResponse>("BatchGetNodes", BatchGetNodesRequest.Parser, (r, c) => GrpcErrors.Run(c, ct => nodes.BatchGetNodes(r, ct)))
            .Unary<ImportNodesRequest, ImportNodesResponse>("ImportNodes", ImportNodesRequest.Parser, (r, c) => GrpcErrors.Run(c, ct => nodes.ImportNodes(r, ct)))
            .ServerStreaming<WatchNodesRequest, NodeEvent>("WatchNodes", WatchNodesRequest.Parser, (r, w, c) => GrpcErrors.Stream(c, w, ct => watch.WatchNodes(r, ct)));
    }
}
