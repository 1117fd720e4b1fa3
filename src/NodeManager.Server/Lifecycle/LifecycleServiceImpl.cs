using NodeManager.Contracts.V1;
using NodeManager.Core.Errors;
using NodeManager.Core.Lifecycle;
using OperationNodeState = NodeManager.Core.Lifecycle.OperationNodeState;
using OperationState = NodeManager.Core.Lifecycle.OperationState;
using NodeManager.Core.Storage;
using NodeManager.Server.Api;
using NodeManager.Server.Cluster;
using NodeManager.Server.Health;
using FieldViolation = NodeManager.Core.Errors.FieldViolation;
using CoreNode = NodeManager.Core.Nodes.Node;
using CoreState = NodeManager.Core.Nodes.LifecycleState;

namespace NodeManager.Server.Lifecycle;

/// <summary>
/// <c>nodemanager.v1.LifecycleService</c>: one implementation behind REST and gRPC, callable in
/// process. Validates, lets the store apply the transition table atomically, maps outcomes to errors.
/// </summary>
public sealed partial class LifecycleServiceImpl(
    INodeStore nodes,
    NodeGrains grains,
    IOperationStore operations,
    Core.Reservations.IReservationStore reservations,
    Orleans.IGrainFactory grainFactory,
    Orleans.Runtime.ILocalSiloDetails silo,
    LifecycleOptions options,
    HealthRegistry health,
    TimeProvider time,
    CallerIdentity caller)
{
    public const int MaxReasonLength = 1024;

    public async Task<TransitionResponse> Transition(TransitionRequest request, CancellationToken cancellationToken)
    {
        var violations = new List<FieldViolation>();
        var id = ParseId(request.NodeId, "node_id", violations);
        var target = Target(request.TargetState, "target_state", violations, batch: false);
        var reason = Reason(request.Reason, violations);
        var actor = caller.Actor; // request.actor is deprecated and ignored: the caller's identity, never the body's word
        if (request.ExpectedVersion < 0)
        {
            violations.Add(new("expected_version", "must not be negative"));
        }

        if (violations.Count > 0)
        {
            throw NodeManagerException.Invalid(violations);
        }

        var change = new LifecycleChange(id, target, reason, actor, request.ExpectedVersion, ServerClock.Now(time)) { Force = request.Force };
        var result = await grains.TransitionAsync(change);
        if (result.Outcome is not (TransitionOutcome.Ok or TransitionOutcome.Unchanged))
        {
            throw LifecycleErrors.From(result, id, target);
        }

        var response = new TransitionResponse { Node = Written(result.Node!), Changed = result.Outcome == TransitionOutcome.Ok, ReleasedReservations = result.Reservations };
        if (result.Transition is { } transition)
        {
            response.Transition = LifecycleMapper.ToProto(transition);
        }

        return response;
    }

    /// <summary>With <c>NodeManager:Lifecycle:AutoCommission</c>: commissions a node just registered; otherwise returns it as is.</summary>
    public async Task<CoreNode> AutoCommissionAsync(CoreNode node, CancellationToken cancellationToken)
    {
        if (!options.AutoCommission || node.LifecycleState != CoreState.Registered)
        {
            return node;
        }

        var change = new LifecycleChange(node.Id, CoreState.Commissioned, "auto-commissioned on registration", "system:auto-commission", node.Version, ServerClock.Now(time));
        var result = await grains.TransitionAsync(change);
        return result.Outcome == TransitionOutcome.Ok ? result.Node! : node;
    }

    public async Task<Operation> GetOperation(GetOperationRequest request, CancellationToken cancellationToken)
    {
        var id = OperationId(request.Id);
        var operation = await operations.GetOperationAsync(id, cancellationToken) ?? throw LifecycleErrors.OperationNotFound(id);
        return LifecycleMapper.ToProto(operation);
    }

    /// <summary>Marks a running operation CANCELLED (compare-and-swap); its grain stops at its next step. Finished ones are returned as they are.</summary>
    public async Task<Operation> CancelOperation(CancelOperationRequest request, CancellationToken cancellationToken)
    {
        var id = OperationId(request.Id);
        var operation = await operations.GetOperationAsync(id, cancellationToken) ?? throw LifecycleErrors.OperationNotFound(id);
        while (!operation.IsFinished)
        {
            var now = ServerClock.Now(time);
            var cancelled = operation with { State = OperationState.Cancelled, Message = "cancelled", Version = operation.Version + 1, UpdateTime = now };
            var (saved, current) = await operations.SaveOperationAsync(cancelled, operation.Version, cancellationToken);
            operation = saved ? cancelled : current ?? throw LifecycleErrors.OperationNotFound(id);
        }

        return LifecycleMapper.ToProto(operation);
    }

    /// <summary>The wire node after a write, with its current health as this instance knows it.</summary>
    private Node Written(CoreNode node)
    {
        health.OnNodeWritten(node);
        var proto = NodeMapper.ToProto(node);
        if (health.Find(node.Id) is { } entry)
        {
            lock (entry.Gate)
            {
                proto.Health = HealthMapper.ToProto(entry.Snapshot());
            }
        }

        return proto;
    }

    private static string OperationId(string id) =>
        id.Length is > 0 and <= 64 ? id : throw NodeManagerException.Invalid("id", "is required (an operation id, at most 64 characters)");

    private static Guid ParseId(string text, string field, List<FieldViolation> violations)
    {
        if (text.Length == 0)
        {
            violations.Add(new(field, "is required"));
            return Guid.Empty;
        }

        if (!Core.Nodes.NodeId.TryParse(text, out var id))
        {
            violations.Add(new(field, Core.Nodes.NodeId.Rule));
        }

        return id;
    }

    private static CoreState Target(LifecycleState state, string field, List<FieldViolation> violations, bool batch)
    {
        var target = (CoreState)(int)state;
        var valid = batch ? LifecycleTable.IsBatchTarget(target) : target is >= CoreState.Registered and <= CoreState.Decommissioned;
        if (!valid)
        {
            violations.Add(new(field, batch ? "must be COMMISSIONED, MAINTENANCE, UPGRADING or DECOMMISSIONED" : "must be a lifecycle state (REGISTERED, COMMISSIONED, MAINTENANCE, UPGRADING, DECOMMISSIONED)"));
        }

        return target;
    }

    private static string Reason(string reason, List<FieldViolation> violations)
    {
        var trimmed = reason.Trim();
        if (trimmed.Length == 0 || trimmed.Length > MaxReasonLength)
        {
            violations.Add(new("reason", $"is required (1..{MaxReasonLength} characters): say why"));
        }

        return trimmed;
    }
}
