using Google.Protobuf.WellKnownTypes;
using NodeManager.Core.Nodes;
using Proto = NodeManager.Contracts.V1;

namespace NodeManager.Server.Api;

/// <summary>Converts between the wire message and the Core model.</summary>
public static class NodeMapper
{
    /// <summary>The operator-supplied part of a wire node, as sent (not yet validated).</summary>
    public static NodeSpec ToRawSpec(Proto.Node node) => new()
    {
        Name = node.Name,
        Ip = node.Ip,
        Mac = node.Mac,
        Veth = node.Veth,
        DataPathIp = node.DataPathIp,
        ManagementAddress = node.ManagementAddress,
        AgentPort = node.AgentPort,
        HostDvrMac = node.HostDvrMac,
        SerialNumber = node.SerialNumber,
        Location = node.Location is { } l ? new NodeLocation(l.Region, l.Zone, l.Rack, l.Position) : NodeLocation.Empty,
        Labels = new Dictionary<string, string>(node.Labels),
        Capacity = node.Capacity is { } c ? new NodeCapacity(c.CpuMilliCores, c.MemoryBytes, c.StorageBytes) : NodeCapacity.Empty,
        Devices = node.Devices.Select(d => new NodeDevice((DeviceKind)(int)d.Kind, d.Model, d.Count, new Dictionary<string, string>(d.Attributes))).ToList(),
    };

    public static Proto.Node ToProto(Node node)
    {
        var spec = node.Spec;
        var proto = new Proto.Node
        {
            Id = node.IdText,
            Name = spec.Name,
            Ip = spec.Ip,
            Mac = spec.Mac,
            Veth = spec.Veth,
            DataPathIp = spec.DataPathIp,
            ManagementAddress = spec.ManagementAddress,
            AgentPort = spec.AgentPort,
            HostDvrMac = spec.HostDvrMac,
            SerialNumber = spec.SerialNumber,
            Location = new Proto.Location { Region = spec.Location.Region, Zone = spec.Location.Zone, Rack = spec.Location.Rack, Position = spec.Location.Position },
            Capacity = new Proto.Capacity { CpuMilliCores = spec.Capacity.CpuMilliCores, MemoryBytes = spec.Capacity.MemoryBytes, StorageBytes = spec.Capacity.StorageBytes },
            LifecycleState = (Proto.LifecycleState)(int)node.LifecycleState,
            Version = node.Version,
            CreateTime = Timestamp.FromDateTimeOffset(node.CreateTime),
            UpdateTime = Timestamp.FromDateTimeOffset(node.UpdateTime),
        };
        foreach (var (key, value) in spec.Labels)
        {
            proto.Labels[key] = value;
        }

        foreach (var device in spec.Devices)
        {
            var d = new Proto.Device { Kind = (Proto.DeviceKind)(int)device.Kind, Model = device.Model, Count = device.Count };
            foreach (var (key, value) in device.Attributes)
            {
                d.Attributes[key] = value;
            }

            proto.Devices.Add(d);
        }

        return proto;
    }
}
