using NodeManager.Core.Errors;
using NodeManager.Core.Nodes;

namespace NodeManager.Core.Lifecycle;

/// <summary>Store outcomes of a transition as domain errors naming the field.</summary>
public static class LifecycleErrors
{
    public static NodeManagerException From(TransitionResult result, Guid id, LifecycleState target) => result.Outcome switch
    {
        TransitionOutcome.NotFound => NodeManagerException.NotFound(id.ToString("D")),
        TransitionOutcome.VersionMismatch => new NodeManagerException(ErrorCode.Aborted,
            $"node {id:D} is at version {result.Node!.Version}, not the expected_version given; read it again and retry",
            [new FieldViolation("expected_version", $"node is at version {result.Node.Version}")], currentVersion: result.Node.Version),
        TransitionOutcome.Illegal => Precondition("target_state", LifecycleTable.Explain(id, result.Node!.LifecycleState, target)),
        TransitionOutcome.HasReservations => Precondition("force",
            $"node {id:D} holds {result.Reservations} reservation(s); release them first or set force to release them with the decommission"),
        _ => new NodeManagerException(ErrorCode.FailedPrecondition, $"unexpected transition outcome {result.Outcome}"),
    };

    public static NodeManagerException Precondition(string field, string message) =>
        new(ErrorCode.FailedPrecondition, message, [new FieldViolation(field, message)]);

    public static NodeManagerException OperationNotFound(string id) =>
        new(ErrorCode.NotFound, $"operation {id} not found", [new FieldViolation("id", $"no operation {id}")]);
}
