using NodeManager.Contracts.V1;
using NodeManager.Grpc;

namespace NodeManager.Agent.Registration;

/// <summary>The remote methods the agent calls.</summary>
public static class NodeServiceMethods
{
    private const string Nodes = "nodemanager.v1.NodeService";
    private const string Health = "nodemanager.v1.HealthService";

    public static readonly Method<CreateNodeRequest, Node> CreateNode = new(Nodes, "CreateNode", Node.Parser);
    public static readonly Method<GetNodeRequest, Node> GetNode = new(Nodes, "GetNode", Node.Parser);
    public static readonly Method<ListNodesRequest, ListNodesResponse> ListNodes = new(Nodes, "ListNodes", ListNodesResponse.Parser);
    public static readonly Method<UpdateNodeRequest, Node> UpdateNode = new(Nodes, "UpdateNode", Node.Parser);
    public static readonly Method<Heartbeat, HeartbeatAck> StreamHeartbeats = new(Health, "StreamHeartbeats", HeartbeatAck.Parser, MethodType.DuplexStreaming);
}
