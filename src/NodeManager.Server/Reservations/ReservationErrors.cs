using NodeManager.Core.Errors;
using NodeManager.Core.Lifecycle;
using NodeManager.Core.Reservations;

namespace NodeManager.Server.Reservations;

/// <summary>Store outcomes of a reserve or release as domain errors naming the field.</summary>
internal static class ReservationErrors
{
    public static NodeManagerException From(ReservationResult result, Reservation wanted)
    {
        var kind = ReservationRequestValidator.KindName(wanted.Kind);
        var node = wanted.NodeId.ToString("D");
        return result.Outcome switch
        {
            ReservationOutcome.NodeNotFound => new NodeManagerException(ErrorCode.NotFound, $"node {node} not found", [new FieldViolation("node_id", $"node {node} not found")]),
            ReservationOutcome.ReservationNotFound => new NodeManagerException(ErrorCode.NotFound,
                $"node {node} holds no {kind} reservation named '{wanted.Name}'", [new FieldViolation("name", $"no {kind} reservation '{wanted.Name}' on node {node}")]),
            ReservationOutcome.AlreadyExists => new NodeManagerException(ErrorCode.AlreadyExists,
                $"node {node} already holds a {kind} reservation named '{wanted.Name}' with other values; release it first or pick another name",
                [new FieldViolation("name", $"'{wanted.Name}' is taken on node {node}")]),
            ReservationOutcome.WrongState => new NodeManagerException(ErrorCode.FailedPrecondition,
                $"node {node} is {LifecycleTable.Name(result.Node!.LifecycleState)} and takes no reservations",
                [new FieldViolation("node_id", $"node is {LifecycleTable.Name(result.Node.LifecycleState)}")]),
            ReservationOutcome.InsufficientCapacity => Exhausted(result, wanted),
            _ => new NodeManagerException(ErrorCode.FailedPrecondition, $"unexpected reservation outcome {result.Outcome}"),
        };
    }

    /// <summary>RESOURCE_EXHAUSTED naming each dimension that does not fit: "request_cpu_milli_cores: 5000 asked, 3000 of 64000 free".</summary>
    private static NodeManagerException Exhausted(ReservationResult result, Reservation wanted)
    {
        var capacity = ResourceAmounts.Of(result.Node!.Spec.Capacity);
        var free = capacity.Minus(result.Reserved);
        var violations = new List<FieldViolation>();
        void Check(string field, long asked, long room, long total)
        {
            if (asked > room)
            {
                violations.Add(new(field, $"{asked} asked, {Math.Max(room, 0)} of {total} free"));
            }
        }

        Check("request_cpu_milli_cores", wanted.Request.CpuMilliCores, free.CpuMilliCores, capacity.CpuMilliCores);
        Check("request_memory_bytes", wanted.Request.MemoryBytes, free.MemoryBytes, capacity.MemoryBytes);
        Check("request_storage_bytes", wanted.Request.StorageBytes, free.StorageBytes, capacity.StorageBytes);
        return new NodeManagerException(ErrorCode.ResourceExhausted,
            $"node {wanted.NodeId:D} has no room: " + string.Join("; ", violations.Select(v => $"{v.Field}: {v.Description}")), violations);
    }
}
