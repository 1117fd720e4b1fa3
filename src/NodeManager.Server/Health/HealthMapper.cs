using Google.Protobuf.WellKnownTypes;
using NodeManager.Core.Health;
using Proto = NodeManager.Contracts.V1;

namespace NodeManager.Server.Health;

/// <summary>Health between the Core model and the wire.</summary>
public static class HealthMapper
{
    public static Proto.NodeHealth ToProto(NodeHealthState state)
    {
        var proto = new Proto.NodeHealth
        {
            NodeId = state.NodeId.ToString("D"),
            Status = (Proto.HealthStatus)(int)state.Status,
            Reason = state.Reason,
            Message = state.Message,
            DecidedBy = (Proto.DecidedBy)(int)state.DecidedBy,
            LastHeartbeatTime = state.LastHeartbeatTime is { } h ? Timestamp.FromDateTimeOffset(h) : null,
            LastTransitionTime = Timestamp.FromDateTimeOffset(state.LastTransitionTime),
            FlapCount = state.FlapCount,
            Expected = state.Expected,
        };
        foreach (var c in state.Conditions)
        {
            proto.Conditions.Add(new Proto.NodeCondition
            {
                Type = c.Type,
                Status = c.Status,
                Severity = (Proto.ConditionSeverity)(int)c.Severity,
                Reason = c.Reason,
                Message = c.Message,
                LastTransitionTime = Timestamp.FromDateTimeOffset(c.LastTransitionTime),
                Source = c.Source,
            });
        }

        return proto;
    }

    public static HealthCondition FromReported(Proto.ReportedCondition reported, DateTimeOffset now) =>
        new(reported.Type, reported.Status, (ConditionSeverity)(int)reported.Severity, reported.Reason, reported.Message, now, HealthCondition.AgentSource);
}
