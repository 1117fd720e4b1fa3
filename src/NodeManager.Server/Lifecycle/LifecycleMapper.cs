using Google.Protobuf.WellKnownTypes;
using NodeManager.Core.Lifecycle;
using Proto = NodeManager.Contracts.V1;

namespace NodeManager.Server.Lifecycle;

/// <summary>Lifecycle transitions and batch operations on the wire.</summary>
public static class LifecycleMapper
{
    public static Proto.LifecycleTransition ToProto(LifecycleTransition t) => new()
    {
        NodeId = t.NodeId.ToString("D"),
        FromState = (Proto.LifecycleState)(int)t.From,
        ToState = (Proto.LifecycleState)(int)t.To,
        Reason = t.Reason,
        Actor = t.Actor,
        Time = Timestamp.FromDateTimeOffset(t.Time),
        OperationId = t.OperationId,
    };

    public static Proto.Operation ToProto(BatchOperation o, bool dryRun = false)
    {
        var proto = new Proto.Operation
        {
            Id = o.Id,
            TargetState = (Proto.LifecycleState)(int)o.Target,
            State = (Proto.OperationState)(int)o.State,
            MaxUnavailable = o.MaxUnavailable,
            DryRun = dryRun,
            Reason = o.Reason,
            Actor = o.Actor,
            Message = o.Message,
            CreateTime = Timestamp.FromDateTimeOffset(o.CreateTime),
            UpdateTime = Timestamp.FromDateTimeOffset(o.UpdateTime),
            Progress = new Proto.OperationProgress
            {
                Total = o.Nodes.Count,
                Pending = o.Count(OperationNodeState.Pending),
                Applied = o.Count(OperationNodeState.Applied),
                Skipped = o.Count(OperationNodeState.Skipped),
                Failed = o.Count(OperationNodeState.Failed),
            },
        };
        foreach (var n in o.Nodes)
        {
            var result = new Proto.OperationNodeResult { NodeId = n.NodeId.ToString("D"), State = (Proto.OperationNodeState)(int)n.State, Detail = n.Detail };
            if (n.Time is { } time)
            {
                result.Time = Timestamp.FromDateTimeOffset(time);
            }

            proto.Nodes.Add(result);
        }

        return proto;
    }
}
