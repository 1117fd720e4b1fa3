using Microsoft.AspNetCore.Authorization;
using Grpc.Core;
using NodeManager.Contracts.V1;
using NodeManager.Server.Changes;
using NodeManager.Server.Health;
using NodeManager.Server.Security;

namespace NodeManager.Server.Grpc;

/// <summary>
/// <c>nodemanager.v1.HealthService</c> over gRPC: the same <see cref="NodeHealthService"/> as REST. This service has
/// no interceptor (see <see cref="GrpcHosting"/>): its calls map domain errors through <see cref="GrpcErrors"/>
/// themselves, the heartbeat stream inside <see cref="NodeHealthService.StreamHeartbeats"/>.
/// </summary>
public sealed class HealthGrpcService(NodeHealthService health, WatchService watch, AgentConfinement confinement) : HealthService.HealthServiceBase
{
    [Authorize(Policies.NodeWrite)]
    public override Task StreamHeartbeats(IAsyncStreamReader<Heartbeat> requestStream, IServerStreamWriter<HeartbeatAck> responseStream, ServerCallContext context) =>
        health.StreamHeartbeats(requestStream, responseStream, context);

    [Authorize(Policies.NodeWrite)]
    public override Task<HeartbeatAck> ReportHeartbeat(Heartbeat request, ServerCallContext context) =>
        GrpcErrors.Run(context, ct =>
        {
            confinement.Check(context.GetHttpContext().User, request.NodeId, "node_id");
            return health.ReportHeartbeat(request, ct);
        });

    [Authorize(Policies.NodeRead)]
    public override Task<NodeHealth> GetNodeHealth(GetNodeHealthRequest request, ServerCallContext context) =>
        GrpcErrors.Run(context, ct =>
        {
            confinement.Check(context.GetHttpContext().User, request.NodeId, "node_id");
            return health.GetNodeHealth(request, ct);
        });

    [Authorize(Policies.Viewer)]
    public override Task<ListNodeHealthResponse> ListNodeHealth(ListNodeHealthRequest request, ServerCallContext context) =>
        GrpcErrors.Run(context, ct => health.ListNodeHealth(request, ct));

    [Authorize(Policies.Viewer)]
    public override Task WatchNodeHealth(WatchNodeHealthRequest request, IServerStreamWriter<NodeHealthEvent> responseStream, ServerCallContext context) =>
        GrpcErrors.Run(context, ct => responseStream.WriteAllAsync(watch.WatchNodeHealth(request, ct), ct));
}
