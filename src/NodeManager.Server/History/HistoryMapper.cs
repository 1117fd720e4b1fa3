using Google.Protobuf.WellKnownTypes;
using NodeManager.Contracts.V1;
using NodeManager.Core.History;

namespace NodeManager.Server.History;

/// <summary>Core history entries to their wire form (<c>NodeHistoryEntry</c>); enum numbers match the wire's.</summary>
public static class HistoryMapper
{
    public static NodeHistoryEntry ToProto(HistoryEntry entry)
    {
        var d = entry.Detail;
        var proto = new NodeHistoryEntry
        {
            Revision = entry.Revision,
            Time = Timestamp.FromDateTimeOffset(entry.Time),
            Kind = (NodeEventType)(int)entry.Kind,
            Actor = entry.Actor,
            Name = d.Name,
        };
        proto.ChangedFields.AddRange(d.ChangedFields);
        if (d.HealthTo is { } to)
        {
            proto.Health = new HistoryHealthChange
            {
                From = d.HealthFrom is { } from ? (HealthStatus)(int)from : HealthStatus.Unspecified,
                To = (HealthStatus)(int)to,
                DecidedBy = d.DecidedBy is { } by ? (DecidedBy)(int)by : DecidedBy.Unspecified,
                Reason = d.Reason,
                Message = d.Message,
            };
            proto.Health.Conditions.AddRange(d.Conditions.Select(c => new Contracts.V1.HistoryCondition { Type = c.Type, Status = c.Status, Reason = c.Reason }));
        }

        if (d.LifecycleTo is { } target)
        {
            proto.Lifecycle = new HistoryLifecycleChange
            {
                From = d.LifecycleFrom is { } source ? (LifecycleState)(int)source : LifecycleState.Unspecified,
                To = (LifecycleState)(int)target,
                Reason = d.Reason,
                OperationId = d.OperationId,
            };
        }

        if (d.ReservationKind is { } kind)
        {
            proto.Reservation = new HistoryReservation { Kind = (ReservationKind)(int)kind, Name = d.ReservationName };
        }

        return proto;
    }
}
