using Microsoft.AspNetCore.Authorization;
using Grpc.Core;
using NodeManager.Contracts.V1;
using NodeManager.Server.Lifecycle;
using NodeManager.Server.Security;

namespace NodeManager.Server.Grpc;

/// <summary><c>nodemanager.v1.LifecycleService</c> over gRPC: the same <see cref="LifecycleServiceImpl"/> as REST.</summary>
public sealed class LifecycleGrpcService(LifecycleServiceImpl lifecycle) : LifecycleService.LifecycleServiceBase
{
    [Authorize(Policies.Operator)]
    public override Task<TransitionResponse> Transition(TransitionRequest request, ServerCallContext context) => lifecycle.Transition(request, context.CancellationToken);

    [Authorize(Policies.Operator)]
    public override Task<Operation> BatchTransition(BatchTransitionRequest request, ServerCallContext context) => lifecycle.BatchTransition(request, context.CancellationToken);

    [Authorize(Policies.Viewer)]
    public override Task<Operation> GetOperation(GetOperationRequest request, ServerCallContext context) => lifecycle.GetOperation(request, context.CancellationToken);

    [Authorize(Policies.Operator)]
    public override Task<Operation> CancelOperation(CancelOperationRequest request, ServerCallContext context) => lifecycle.CancelOperation(request, context.CancellationToken);
}
