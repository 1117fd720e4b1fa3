using NodeManager.Core.Health;
using NodeManager.Core.Lifecycle;
using NodeManager.Core.Nodes;
using NodeManager.Core.Reservations;

namespace NodeManager.Core.History;

/// <summary>The <see cref="HistoryDetail"/> of each kind of change; pure, for both stores.</summary>
public static class HistoryDetails
{
    public static HistoryDetail Named(Node node) => new() { Name = node.Spec.Name };

    public static HistoryDetail Updated(NodeSpec? before, NodeSpec after) =>
        new() { Name = after.Name, ChangedFields = before is null ? [] : ChangedFields(before, after) };

    public static HistoryDetail Health(HealthStatus? from, NodeHealthState to) => new()
    {
        HealthFrom = from,
        HealthTo = to.Status,
        DecidedBy = to.DecidedBy,
        Reason = to.Reason,
        Message = to.Message,
        Conditions = to.Conditions.Select(c => new HistoryCondition(c.Type, c.Status, c.Reason)).ToArray(),
    };

    public static HistoryDetail Lifecycle(LifecycleTransition transition) => new()
    {
        LifecycleFrom = transition.From,
        LifecycleTo = transition.To,
        Reason = transition.Reason,
        OperationId = transition.OperationId,
    };

    public static HistoryDetail Of(Reservation reservation) => new() { ReservationKind = reservation.Kind, ReservationName = reservation.Name };

    /// <summary>The wire names (snake_case, as in <c>nodemanager.v1.Node</c>) of the fields that differ, in wire order.</summary>
    public static IReadOnlyList<string> ChangedFields(NodeSpec before, NodeSpec after)
    {
        var changed = new List<string>();
        void Check(bool differs, string field)
        {
            if (differs)
            {
                changed.Add(field);
            }
        }

        Check(before.Name != after.Name, "name");
        Check(before.Ip != after.Ip, "ip");
        Check(before.Mac != after.Mac, "mac");
        Check(before.Veth != after.Veth, "veth");
        Check(before.DataPathIp != after.DataPathIp, "data_path_ip");
        Check(before.ManagementAddress != after.ManagementAddress, "management_address");
        Check(before.AgentPort != after.AgentPort, "agent_port");
        Check(before.HostDvrMac != after.HostDvrMac, "host_dvr_mac");
        Check(before.SerialNumber != after.SerialNumber, "serial_number");
        Check(before.Location != after.Location, "location");
        Check(!MapEquality.Equal(before.Labels, after.Labels), "labels");
        Check(before.Capacity != after.Capacity, "capacity");
        Check(before.Devices.Count != after.Devices.Count || !before.Devices.Zip(after.Devices).All(p => p.First.Equals(p.Second)), "devices");
        return changed;
    }
}
