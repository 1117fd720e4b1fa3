using Grpc.Core;
using NodeManager.Contracts.V1;
using NodeManager.Server.Changes;
using NodeManager.Server.Health;

namespace NodeManager.Server.Grpc;

/// <summary><c>nodemanager.v1.HealthService</c> over gRPC: the same <see cref="NodeHealthService"/> as REST.</summary>
public sealed class HealthGrpcService(NodeHealthService health, WatchService watch) : HealthService.HealthServiceBase
{
    public override Task StreamHeartbeats(IAsyncStreamReader<Heartbeat> requestStream, IServerStreamWriter<HeartbeatAck> responseStream, ServerCallContext context) =>
        health.StreamHeartbeats(requestStream, responseStream, context);

    public override Task<HeartbeatAck> ReportHeartbeat(Heartbeat request, ServerCallContext context) => health.ReportHeartbeat(request, context.CancellationToken);

    public override Task<NodeHealth> GetNodeHealth(GetNodeHealthRequest request, ServerCallContext context) => health.GetNodeHealth(request, context.CancellationToken);

    public override Task<ListNodeHealthResponse> ListNodeHealth(ListNodeHealthRequest request, ServerCallContext context) => health.ListNodeHealth(request, context.CancellationToken);

    public override Task WatchNodeHealth(WatchNodeHealthRequest request, IServerStreamWriter<NodeHealthEvent> responseStream, ServerCallContext context) =>
        responseStream.WriteAllAsync(watch.WatchNodeHealth(request, context.CancellationToken), context.CancellationToken);
}
