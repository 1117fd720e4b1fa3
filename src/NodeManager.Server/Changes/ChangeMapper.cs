using Google.Protobuf.WellKnownTypes;
using NodeManager.Contracts.V1;
using NodeManager.Core.Changes;
using NodeManager.Server.Api;
using NodeManager.Server.Health;
using NodeManager.Server.Lifecycle;
using NodeManager.Server.Reservations;

namespace NodeManager.Server.Changes;

/// <summary>Change-feed events on the wire.</summary>
public static class ChangeMapper
{
    public static NodeEvent ToNodeEvent(ChangeEvent change)
    {
        var proto = new NodeEvent
        {
            Revision = change.Revision,
            Type = change.Kind switch
            {
                ChangeKind.NodeCreated => NodeEventType.Created,
                ChangeKind.NodeUpdated => NodeEventType.Updated,
                ChangeKind.NodeDeleted => NodeEventType.Deleted,
                ChangeKind.HealthChanged => NodeEventType.HealthChanged,
                ChangeKind.LifecycleChanged => NodeEventType.LifecycleChanged,
                ChangeKind.ReservationCreated => NodeEventType.ReservationCreated,
                ChangeKind.ReservationReleased => NodeEventType.ReservationReleased,
                _ => NodeEventType.Unspecified,
            },
            Time = Timestamp.FromDateTimeOffset(change.Time),
            NodeId = change.NodeId.ToString("D"),
        };
        if (change.Node is { } node)
        {
            proto.Node = NodeMapper.ToProto(node);
        }

        if (change.Health is { } health)
        {
            proto.Health = HealthMapper.ToProto(health);
        }

        if (change.Transition is { } transition)
        {
            proto.Transition = LifecycleMapper.ToProto(transition);
        }

        if (change.Reservation is { } reservation)
        {
            proto.Reservation = ReservationMapper.ToProto(reservation);
        }

        return proto;
    }

    public static NodeHealthEvent ToHealthEvent(ChangeEvent change) => new()
    {
        Revision = change.Revision,
        Time = Timestamp.FromDateTimeOffset(change.Time),
        Health = HealthMapper.ToProto(change.Health!),
    };
}
