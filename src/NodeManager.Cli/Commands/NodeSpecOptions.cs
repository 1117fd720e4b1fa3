using System.CommandLine;
using Google.Protobuf;
using NodeManager.Cli.Hosting;
using NodeManager.Contracts.V1;

namespace NodeManager.Cli.Commands;

/// <summary>
/// The flags that set a node's fields (<c>nodes create</c>, <c>nodes update</c>), and <c>-f</c> for a node file in the
/// protobuf JSON mapping. Flags given win over the file; fields not given are left as they are.
/// </summary>
public sealed class NodeSpecOptions
{
    private readonly Option<string> _name = Text("--name", "Hostname (RFC 1123), unique");
    private readonly Option<string> _ip = Text("--ip", "Primary IP address, unique");
    private readonly Option<string> _mac = Text("--mac", "MAC address (aa:bb:cc:dd:ee:ff), unique");
    private readonly Option<string> _veth = Text("--veth", "Data-path virtual ethernet interface, e.g. veth0");
    private readonly Option<string> _dataPathIp = Text("--data-path-ip", "Data-path IP address");
    private readonly Option<string> _management = Text("--management-address", "BMC/IPMI or agent management address");
    private readonly Option<int?> _agentPort = new("--agent-port") { Description = "TCP port of the node agent (1..65535)" };
    private readonly Option<string> _hostDvrMac = Text("--host-dvr-mac", "Host DVR MAC address");
    private readonly Option<string> _serial = Text("--serial", "Serial number");
    private readonly Option<string> _region = Text("--region", "Location: region");
    private readonly Option<string> _zone = Text("--zone", "Location: zone");
    private readonly Option<string> _rack = Text("--rack", "Location: rack");
    private readonly Option<string> _position = Text("--position", "Location: position in the rack");
    private readonly Option<string[]> _labels = new("--label") { Description = "A label key=value (repeat the flag for more)" };
    private readonly Option<string[]> _devices = new("--device") { Description = "A device kind:model:count, e.g. gpu:A100:4 (repeat for more; replaces the node's devices)" };
    private readonly Option<string> _cpu = Flags.Cpu("--cpu", "Capacity: CPU cores (e.g. 64, 500m)");
    private readonly Option<string> _memory = Flags.Bytes("--memory", "Capacity: memory (e.g. 256Gi)");
    private readonly Option<string> _storage = Flags.Bytes("--storage", "Capacity: storage (e.g. 4Ti)");
    private readonly Option<string> _file = new("--file", "-f") { Description = "A node in the protobuf JSON mapping ('-' = standard input); flags override its fields", HelpName = "path" };

    public NodeSpecOptions()
    {
        _labels.Validators.Add(result =>
        {
            foreach (var token in result.Tokens.Where(t => !t.Value.Contains('=', StringComparison.Ordinal)))
            {
                result.AddError($"--label: '{token.Value}' is not key=value");
            }
        });
        _devices.Validators.Add(result =>
        {
            foreach (var token in result.Tokens.Where(t => ParseDevice(t.Value) is null))
            {
                result.AddError($"--device: '{token.Value}' is not kind:model:count with kind one of {string.Join(", ", EnumNames.Choices<DeviceKind>())}");
            }
        });
        _agentPort.Validators.Add(result =>
        {
            if (result.GetValueOrDefault<int?>() is < 1 or > 65535)
            {
                result.AddError("--agent-port: must be 1..65535");
            }
        });
    }

    public Option<string> FileOption => _file;

    public void AddTo(Command command)
    {
        foreach (var option in new Option[] { _file, _name, _ip, _mac, _veth, _dataPathIp, _management, _agentPort, _hostDvrMac, _serial, _region, _zone, _rack, _position, _labels, _devices, _cpu, _memory, _storage })
        {
            command.Options.Add(option);
        }
    }

    /// <summary>The node of <c>-f</c> (or an empty one).</summary>
    public Node ReadFile(ParseResult parse, CliIo io)
    {
        if (parse.GetValue(_file) is not { } path)
        {
            return new Node();
        }

        var text = ReadText(path, io);
        try
        {
            return JsonParser.Default.Parse<Node>(Import.ImportFile.NormalizeEnums(text));
        }
        catch (Exception ex) when (ex is InvalidProtocolBufferException or InvalidJsonException or FormatException)
        {
            throw CliException.Usage($"--file {path}: not a node in the protobuf JSON mapping: {ex.Message}");
        }
    }

    /// <summary>Sets on <paramref name="node"/> what the flags give.</summary>
    public void Apply(ParseResult parse, Node node)
    {
        Set(parse, _name, v => node.Name = v);
        Set(parse, _ip, v => node.Ip = v);
        Set(parse, _mac, v => node.Mac = v);
        Set(parse, _veth, v => node.Veth = v);
        Set(parse, _dataPathIp, v => node.DataPathIp = v);
        Set(parse, _management, v => node.ManagementAddress = v);
        Set(parse, _hostDvrMac, v => node.HostDvrMac = v);
        Set(parse, _serial, v => node.SerialNumber = v);
        if (parse.GetValue(_agentPort) is { } port)
        {
            node.AgentPort = port;
        }

        Set(parse, _region, v => (node.Location ??= new Location()).Region = v);
        Set(parse, _zone, v => (node.Location ??= new Location()).Zone = v);
        Set(parse, _rack, v => (node.Location ??= new Location()).Rack = v);
        Set(parse, _position, v => (node.Location ??= new Location()).Position = v);
        foreach (var label in parse.GetValue(_labels) ?? [])
        {
            var eq = label.IndexOf('=', StringComparison.Ordinal);
            node.Labels[label[..eq]] = label[(eq + 1)..];
        }

        if (parse.GetValue(_devices) is { Length: > 0 } devices)
        {
            node.Devices.Clear();
            node.Devices.AddRange(devices.Select(d => ParseDevice(d)!));
        }

        if (parse.GetValue(_cpu) is not null)
        {
            (node.Capacity ??= new Capacity()).CpuMilliCores = Flags.MilliCores(parse, _cpu);
        }

        if (parse.GetValue(_memory) is not null)
        {
            (node.Capacity ??= new Capacity()).MemoryBytes = Flags.Bytes(parse, _memory);
        }

        if (parse.GetValue(_storage) is not null)
        {
            (node.Capacity ??= new Capacity()).StorageBytes = Flags.Bytes(parse, _storage);
        }
    }

    public static string ReadText(string path, CliIo io)
    {
        try
        {
            return path == "-" ? io.In.ReadToEnd() : File.ReadAllText(path);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw CliException.Usage($"cannot read {path}: {ex.Message}");
        }
    }

    private static Device? ParseDevice(string text)
    {
        var parts = text.Split(':');
        if (parts.Length is < 2 or > 3 || !EnumNames.TryParse<DeviceKind>(parts[0], out var kind))
        {
            return null;
        }

        var count = 1;
        if (parts.Length == 3 && (!int.TryParse(parts[2], System.Globalization.CultureInfo.InvariantCulture, out count) || count < 1))
        {
            return null;
        }

        return new Device { Kind = kind, Model = parts[1], Count = count };
    }

    private static Option<string> Text(string name, string description) => new(name) { Description = description };

    private static void Set(ParseResult parse, Option<string> option, Action<string> set)
    {
        if (parse.GetValue(option) is { } value)
        {
            set(value);
        }
    }
}
