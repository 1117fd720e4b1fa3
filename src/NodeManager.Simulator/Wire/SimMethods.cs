using NodeManager.Contracts.V1;
using NodeManager.Grpc;

namespace NodeManager.Simulator.Wire;

/// <summary>The server methods the simulator calls.</summary>
public static class SimMethods
{
    private const string Health = "nodemanager.v1.HealthService";
    private const string Nodes = "nodemanager.v1.NodeService";

    public static readonly Method<Heartbeat, HeartbeatAck> StreamHeartbeats = new(Health, "StreamHeartbeats", HeartbeatAck.Parser, MethodType.DuplexStreaming);
    public static readonly Method<WatchNodeHealthRequest, NodeHealthEvent> WatchNodeHealth = new(Health, "WatchNodeHealth", NodeHealthEvent.Parser, MethodType.ServerStreaming);
    public static readonly Method<ListNodeHealthRequest, ListNodeHealthResponse> ListNodeHealth = new(Health, "ListNodeHealth", ListNodeHealthResponse.Parser);
    public static readonly Method<CreateNodeRequest, Node> CreateNode = new(Nodes, "CreateNode", Node.Parser);
    public static readonly Method<ListNodesRequest, ListNodesResponse> ListNodes = new(Nodes, "ListNodes", ListNodesResponse.Parser);
    public static readonly Method<DeleteNodeRequest, DeleteNodeResponse> DeleteNode = new(Nodes, "DeleteNode", DeleteNodeResponse.Parser);
}
