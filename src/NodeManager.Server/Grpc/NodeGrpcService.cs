using Grpc.Core;
using NodeManager.Contracts.V1;
using NodeManager.Server.Changes;
using NodeManager.Server.History;
using NodeManager.Server.Nodes;

namespace NodeManager.Server.Grpc;

/// <summary><c>nodemanager.v1.NodeService</c> over gRPC: the same <see cref="NodeServiceImpl"/> as REST.</summary>
public sealed class NodeGrpcService(NodeServiceImpl nodes, WatchService watch, NodeHistoryService history) : NodeService.NodeServiceBase
{
    public override Task<Node> CreateNode(CreateNodeRequest request, ServerCallContext context) => nodes.CreateNode(request, context.CancellationToken);

    public override Task<Node> GetNode(GetNodeRequest request, ServerCallContext context) => nodes.GetNode(request, context.CancellationToken);

    public override Task<ListNodesResponse> ListNodes(ListNodesRequest request, ServerCallContext context) => nodes.ListNodes(request, context.CancellationToken);

    public override Task<Node> UpdateNode(UpdateNodeRequest request, ServerCallContext context) => nodes.UpdateNode(request, context.CancellationToken);

    public override Task<DeleteNodeResponse> DeleteNode(DeleteNodeRequest request, ServerCallContext context) => nodes.DeleteNode(request, context.CancellationToken);

    public override Task<BatchGetNodesResponse> BatchGetNodes(BatchGetNodesRequest request, ServerCallContext context) => nodes.BatchGetNodes(request, context.CancellationToken);

    public override Task<ImportNodesResponse> ImportNodes(ImportNodesRequest request, ServerCallContext context) => nodes.ImportNodes(request, context.CancellationToken);

    public override Task<ListNodeHistoryResponse> ListNodeHistory(ListNodeHistoryRequest request, ServerCallContext context) =>
        history.ListNodeHistory(request, context.CancellationToken);

    public override Task WatchNodes(WatchNodesRequest request, IServerStreamWriter<NodeEvent> responseStream, ServerCallContext context) =>
        responseStream.WriteAllAsync(watch.WatchNodes(request, context.CancellationToken), context.CancellationToken);
}
