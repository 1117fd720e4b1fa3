using NodeManager.Contracts.V1;
using NodeManager.Grpc;
using NodeManager.Server.Changes;
using NodeManager.Server.Health;

namespace NodeManager.Server.Grpc;

/// <summary><c>nodemanager.v1.HealthService</c> over gRPC.</summary>
public static class HealthGrpcApi
{
    public const string ServiceName = "nodemanager.v1.HealthService";

    public static GrpcServiceBuilder MapHealthGrpcService(this IEndpointRouteBuilder app)
    {
        var health = app.ServiceProvider.GetRequiredService<NodeHealthService>();
        var watch = app.ServiceProvider.GetRequiredService<WatchService>();
        return app.MapGrpcService(ServiceName)
            .DuplexStreaming<Heartbeat, HeartbeatAck>("StreamHeartbeats", Heartbeat.Parser,
                (requests, responses, c) => GrpcErrors.Run(c, _ => health.StreamHeartbeats(requests, responses, c)))
            .Unary<Heartbeat, HeartbeatAck>("ReportHeartbeat", Heartbeat.Parser, (r, c) => GrpcErrors.Run(c, ct => health.ReportHeartbeat(r, ct)))
            .Unary<GetNodeHealthRequest, NodeHealth>("GetNodeHealth", GetNodeHealthRequest.Parser, (r, c) => GrpcErrors.Run(c, ct => health.GetNodeHealth(r, ct)))
            .Unary<ListNodeHealthRequest, ListNodeHealthResponse>("ListNodeHealth", ListNodeHealthRequest.Parser, (r, c) => GrpcErrors.Run(c, ct => health.ListNodeHealth(r, ct)))
            .ServerStreaming<WatchNodeHealthRequest, NodeHealthEvent>("WatchNodeHealth", WatchNodeHealthRequest.Parser, (r, w, c) => GrpcErrors.Stream(c, w, ct => watch.WatchNodeHealth(r, ct)));
    }
}
