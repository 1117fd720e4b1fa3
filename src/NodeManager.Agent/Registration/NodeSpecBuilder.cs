using NodeManager.Agent.Facts;
using NodeManager.Agent.Hosting;
using NodeManager.Contracts.V1;

namespace NodeManager.Agent.Registration;

/// <summary>
/// What the agent owns of its node: name, ip, mac, veth, management address, agent port, serial,
/// capacity, and the labels it was given. Everything else (location, devices, operator labels) is the
/// operator's and is kept on update.
/// </summary>
public static class NodeSpecBuilder
{
    public static Node Build(HostObservation host, AgentOptions options)
    {
        var problems = new List<string>();
        if (host.Primary is null)
        {
            problems.Add(string.IsNullOrEmpty(options.Interface)
                ? "no network interface qualifies as primary; pass --interface"
                : $"interface '{options.Interface}' does not exist (have: {string.Join(", ", host.Facts.Interfaces.Select(i => i.Name))})");
        }
        else if (host.PrimaryIp.Length == 0)
        {
            problems.Add($"interface '{host.Primary.Name}' has no IP address");
        }

        if (problems.Count > 0)
        {
            throw new AgentRegistrationException(string.Join("; ", problems));
        }

        var node = new Node
        {
            Name = string.IsNullOrWhiteSpace(options.Name) ? host.Facts.Hostname.ToLowerInvariant() : options.Name.Trim(),
            Ip = host.PrimaryIp,
            Mac = host.PrimaryMac,
            Veth = host.Primary!.Name,
            ManagementAddress = string.IsNullOrWhiteSpace(options.ManagementAddress) ? host.PrimaryIp : options.ManagementAddress.Trim(),
            AgentPort = options.AgentPort,
            SerialNumber = host.Facts.SerialNumber,
            Capacity = new Capacity
            {
                CpuMilliCores = host.Facts.CpuMilliCores,
                MemoryBytes = host.Facts.Memory.TotalBytes,
                StorageBytes = host.Facts.RootDisk.TotalBytes,
            },
        };
        node.Labels.Add(options.Labels);
        return node;
    }

    /// <summary>Writes the agent's fields of <paramref name="desired"/> into <paramref name="target"/>; true when anything changed.</summary>
    public static bool Apply(Node target, Node desired)
    {
        var before = target.Clone();
        target.Name = desired.Name;
        target.Ip = desired.Ip;
        target.Veth = desired.Veth;
        target.ManagementAddress = desired.ManagementAddress;
        target.AgentPort = desired.AgentPort;
        target.Capacity = desired.Capacity.Clone();
        if (desired.Mac.Length > 0)
        {
            target.Mac = desired.Mac;
        }

        if (desired.SerialNumber.Length > 0)
        {
            target.SerialNumber = desired.SerialNumber;
        }

        foreach (var (key, value) in desired.Labels)
        {
            target.Labels[key] = value;
        }

        return !before.Equals(target);
    }
}
