using NodeManager.Core.Errors;
using NodeManager.Core.Labels;

namespace NodeManager.Core.Nodes;

/// <summary>
/// Checks a node spec as it came off the wire and returns its canonical form. Every problem
/// is reported at once, each naming its proto field path.
/// </summary>
public static class NodeSpecValidator
{
    public const int MaxTextLength = 253;
    public const int MaxDevices = 64;

    public static NodeSpec? Validate(NodeSpec raw, List<FieldViolation> violations)
    {
        var before = violations.Count;
        var name = raw.Name.Trim();
        if (name.Length == 0)
        {
            violations.Add(new("name", "is required"));
        }
        else if (!NetworkText.IsHostname(name))
        {
            violations.Add(new("name", $"'{raw.Name}' is not an RFC 1123 hostname (letters, digits, '-' and '.', labels of 1-63 characters, at most 253 in all)"));
        }

        var ip = RequiredIp("ip", raw.Ip, violations);
        var dataPathIp = raw.DataPathIp.Length == 0 ? "" : RequiredIp("data_path_ip", raw.DataPathIp, violations);
        var mac = OptionalMac("mac", raw.Mac, violations);
        var hostDvrMac = OptionalMac("host_dvr_mac", raw.HostDvrMac, violations);

        if (System.Text.Encoding.UTF8.GetByteCount(raw.Veth) > 15 || raw.Veth is "." or ".."
            || raw.Veth.Any(c => char.IsWhiteSpace(c) || c is '/' or ':' || char.IsControl(c)))
        {
            violations.Add(new("veth", "must be a Linux interface name: at most 15 bytes, not '.' or '..', no whitespace, '/' or ':'"));
        }

        var management = raw.ManagementAddress.Trim();
        if (management.Length > 0 && !NetworkText.TryCanonicalIp(management, out _) && !NetworkText.IsHostname(management))
        {
            violations.Add(new("management_address", $"'{raw.ManagementAddress}' is neither an IP address nor a hostname"));
        }
        else
        {
            management = NetworkText.TryCanonicalIp(management, out var canonicalManagement) ? canonicalManagement : management.ToLowerInvariant();
        }

        if (raw.AgentPort is < 0 or > 65535)
        {
            violations.Add(new("agent_port", "must be between 1 and 65535 (0 = not set)"));
        }

        CheckText("serial_number", raw.SerialNumber, 128, violations);
        CheckText("location.region", raw.Location.Region, 63, violations);
        CheckText("location.zone", raw.Location.Zone, 63, violations);
        CheckText("location.rack", raw.Location.Rack, 63, violations);
        CheckText("location.position", raw.Location.Position, 63, violations);
        var labels = CheckLabels(raw.Labels, violations);
        CheckCapacity(raw.Capacity, violations);
        CheckDevices(raw.Devices, violations);

        if (violations.Count > before)
        {
            return null;
        }

        return raw with
        {
            Name = name.ToLowerInvariant(),
            Ip = ip,
            Mac = mac,
            DataPathIp = dataPathIp,
            HostDvrMac = hostDvrMac,
            ManagementAddress = management,
            Labels = labels,
        };
    }

    private static string RequiredIp(string field, string text, List<FieldViolation> violations)
    {
        if (text.Length == 0)
        {
            violations.Add(new(field, "is required"));
            return "";
        }

        if (!NetworkText.TryCanonicalIp(text.Trim(), out var canonical))
        {
            violations.Add(new(field, $"'{text}' is not an IPv4 (dotted quad) or IPv6 address"));
        }

        return canonical;
    }

    private static string OptionalMac(string field, string text, List<FieldViolation> violations)
    {
        if (text.Length == 0)
        {
            return "";
        }

        if (!NetworkText.TryCanonicalMac(text.Trim(), out var canonical))
        {
            violations.Add(new(field, $"'{text}' is not an EUI-48 MAC address such as 0a:1b:2c:3d:4e:5f"));
        }

        return canonical;
    }

    private static void CheckText(string field, string text, int max, List<FieldViolation> violations)
    {
        if (text.Length > max || text.Any(char.IsControl))
        {
            violations.Add(new(field, $"must be at most {max} printable characters"));
        }
    }

    private static IReadOnlyDictionary<string, string> CheckLabels(IReadOnlyDictionary<string, string> labels, List<FieldViolation> violations)
    {
        if (labels.Count > LabelRules.MaxLabels)
        {
            violations.Add(new("labels", $"at most {LabelRules.MaxLabels} labels are allowed"));
        }

        var sorted = new SortedDictionary<string, string>(StringComparer.Ordinal);
        foreach (var (key, value) in labels)
        {
            if (LabelRules.CheckKey(key) is { } keyError)
            {
                violations.Add(new($"labels[{key}]", keyError));
            }
            else if (LabelRules.CheckValue(value) is { } valueError)
            {
                violations.Add(new($"labels[{key}]", valueError));
            }

            sorted[key] = value;
        }

        return sorted;
    }

    private static void CheckCapacity(NodeCapacity capacity, List<FieldViolation> violations)
    {
        if (capacity.CpuMilliCores < 0)
        {
            violations.Add(new("capacity.cpu_milli_cores", "must not be negative"));
        }

        if (capacity.MemoryBytes < 0)
        {
            violations.Add(new("capacity.memory_bytes", "must not be negative"));
        }

        if (capacity.StorageBytes < 0)
        {
            violations.Add(new("capacity.storage_bytes", "must not be negative"));
        }
    }

    private static void CheckDevices(IReadOnlyList<NodeDevice> devices, List<FieldViolation> violations)
    {
        if (devices.Count > MaxDevices)
        {
            violations.Add(new("devices", $"at most {MaxDevices} device entries are allowed"));
        }

        for (var i = 0; i < devices.Count; i++)
        {
            var device = devices[i];
            if (!Enum.IsDefined(device.Kind) || device.Kind == DeviceKind.Unspecified)
            {
                violations.Add(new($"devices[{i}].kind", "must be one of FPGA, GPU, SMARTNIC, OTHER"));
            }

            if (device.Count < 1)
            {
                violations.Add(new($"devices[{i}].count", "must be at least 1"));
            }

            CheckText($"devices[{i}].model", device.Model, 128, violations);
            foreach (var (key, value) in device.Attributes)
            {
                if (key.Length is 0 or > 63 || value.Length > MaxTextLength)
                {
                    violations.Add(new($"devices[{i}].attributes[{key}]", "keys must be 1-63 characters and values at most 253"));
                }
            }
        }
    }
}
