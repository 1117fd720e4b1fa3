using Microsoft.AspNetCore.Authorization;
using Grpc.Core;
using NodeManager.Contracts.V1;
using NodeManager.Server.Changes;
using NodeManager.Server.History;
using NodeManager.Server.Nodes;
using NodeManager.Server.Security;

namespace NodeManager.Server.Grpc;

/// <summary><c>nodemanager.v1.NodeService</c> over gRPC: the same <see cref="NodeServiceImpl"/> as REST.</summary>
public sealed class NodeGrpcService(NodeServiceImpl nodes, WatchService watch, NodeHistoryService history, AgentConfinement confinement) : NodeService.NodeServiceBase
{
    [Authorize(Policies.NodeWrite)]
    public override Task<Node> CreateNode(CreateNodeRequest request, ServerCallContext context)
    {
        confinement.Check(context.GetHttpContext().User, request.Node?.Id ?? "", "node.id");
        return nodes.CreateNode(request, context.CancellationToken);
    }

    [Authorize(Policies.NodeRead)]
    public override Task<Node> GetNode(GetNodeRequest request, ServerCallContext context)
    {
        confinement.Check(context.GetHttpContext().User, request.Id, "id");
        return nodes.GetNode(request, context.CancellationToken);
    }

    [Authorize(Policies.Viewer)]
    public override Task<ListNodesResponse> ListNodes(ListNodesRequest request, ServerCallContext context) => nodes.ListNodes(request, context.CancellationToken);

    [Authorize(Policies.NodeWrite)]
    public override Task<Node> UpdateNode(UpdateNodeRequest request, ServerCallContext context)
    {
        confinement.Check(context.GetHttpContext().User, request.Node?.Id ?? "", "node.id");
        return nodes.UpdateNode(request, context.CancellationToken);
    }

    [Authorize(Policies.Admin)]
    public override Task<DeleteNodeResponse> DeleteNode(DeleteNodeRequest request, ServerCallContext context) => nodes.DeleteNode(request, context.CancellationToken);

    [Authorize(Policies.Viewer)]
    public override Task<BatchGetNodesResponse> BatchGetNodes(BatchGetNodesRequest request, ServerCallContext context) => nodes.BatchGetNodes(request, context.CancellationToken);

    [Authorize(Policies.Admin)]
    public override Task<ImportNodesResponse> ImportNodes(ImportNodesRequest request, ServerCallContext context) => nodes.ImportNodes(request, context.CancellationToken);

    [Authorize(Policies.Viewer)]
    public override Task<ListNodeHistoryResponse> ListNodeHistory(ListNodeHistoryRequest request, ServerCallContext context) =>
        history.ListNodeHistory(request, context.CancellationToken);

    [Authorize(Policies.Viewer)]
    public override Task WatchNodes(WatchNodesRequest request, IServerStreamWriter<NodeEvent> responseStream, ServerCallContext context) =>
        responseStream.WriteAllAsync(watch.WatchNodes(request, context.CancellationToken), context.CancellationToken);
}
