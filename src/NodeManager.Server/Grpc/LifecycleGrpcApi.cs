using NodeManager.Contracts.V1;
using NodeManager.Grpc;
using NodeManager.Server.Lifecycle;

namespace NodeManager.Server.Grpc;

/// <summary><c>nodemanager.v1.LifecycleService</c> over gRPC: the same <see cref="LifecycleServiceImpl"/> as REST.</summary>
public static class LifecycleGrpcApi
{
    public const string ServiceName = "nodemanager.v1.LifecycleService";

    public static GrpcServiceBuilder MapLifecycleGrpcService(this IEndpointRouteBuilder app)
    {
        var lifecycle = app.ServiceProvider.GetRequiredService<LifecycleServiceImpl>();
        return app.MapGrpcService(ServiceName)
            .Unary<TransitionRequest, TransitionResponse>("Transition", TransitionRequest.Parser, (r, c) => GrpcErrors.Run(c, ct => lifecycle.Transition(r, ct)))
            .Unary<BatchTransitionRequest, Operation>("BatchTransition", BatchTransitionRequest.Parser, (r, c) => GrpcErrors.Run(c, ct => lifecycle.BatchTransition(r, ct)))
            .Unary<GetOperationRequest, Operation>("GetOperation", GetOperationRequest.Parser, (r, c) => GrpcErrors.Run(c, ct => lifecycle.GetOperation(r, ct)))
            .Unary<CancelOperationRequest, Operation>("CancelOperation", CancelOperationRequest.Parser, (r, c) => GrpcErrors.Run(c, ct => lifecycle.CancelOperation(r, ct)));
    }
}
