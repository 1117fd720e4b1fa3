using System.Globalization;
using System.Net;
using System.Net.NetworkInformation;

namespace NodeManager.Agent.Facts;

/// <summary>
/// Reads <see cref="HostFacts"/> from <c>/proc</c> and <c>/sys</c> under <see cref="Root"/> (<c>/</c> on a
/// real host, a fake tree in tests). Interface addresses come from <c>System.Net.NetworkInformation</c>
/// unless a lookup is given; the root filesystem is measured with statvfs at <c>diskPath</c>.
/// </summary>
public sealed class HostFactsReader(string root = "/", Func<string, IReadOnlyList<IPAddress>>? addresses = null, string diskPath = "/")
{
    private const int LoopbackArpType = 772;

    private readonly Func<string, IReadOnlyList<IPAddress>> _addresses = addresses ?? SystemAddresses;

    public string Root { get; } = root;

    public HostFacts Read() => new(
        ReadHostname(),
        ReadCpuCount(),
        ReadMemory(),
        DiskUsage.Read(diskPath),
        ReadInterfaces(),
        ReadDefaultRouteInterface(),
        ReadText("sys/class/dmi/id/product_serial") ?? "");

    public string ReadHostname() => ReadText("proc/sys/kernel/hostname") is { Length: > 0 } name ? name : Environment.MachineName;

    public int ReadCpuCount()
    {
        if (ReadText("sys/devices/system/cpu/online") is { Length: > 0 } online && ProcText.TryCountCpuList(online, out var count))
        {
            return count;
        }

        var cpuinfo = ReadLines("proc/cpuinfo").Count(l => l.StartsWith("processor", StringComparison.Ordinal) && l.Contains(':'));
        return cpuinfo > 0 ? cpuinfo : Environment.ProcessorCount;
    }

    public MemoryInfo ReadMemory()
    {
        long total = 0, available = -1;
        foreach (var line in ReadLines("proc/meminfo"))
        {
            if (ProcText.TryParseMeminfo(line, "MemTotal", out var t))
            {
                total = t;
            }
            else if (ProcText.TryParseMeminfo(line, "MemAvailable", out var a))
            {
                available = a;
            }
        }

        return new MemoryInfo(total, available < 0 ? total : available);
    }

    public IReadOnlyList<NetworkInterfaceFacts> ReadInterfaces()
    {
        var net = Path.Combine(Root, "sys/class/net");
        if (!Directory.Exists(net))
        {
            return [];
        }

        return Directory.EnumerateFileSystemEntries(net)
            .Select(Path.GetFileName)
            .OfType<string>()
            .Order(StringComparer.Ordinal)
            .Select(ReadInterface)
            .ToList();
    }

    /// <summary>The interface of the default route with the lowest metric (<c>/proc/net/route</c>), or null.</summary>
    public string? ReadDefaultRouteInterface() => ProcText.DefaultRouteInterface(ReadLines("proc/net/route"));

    private NetworkInterfaceFacts ReadInterface(string name)
    {
        var dir = $"sys/class/net/{name}";
        var mac = (ReadText($"{dir}/address") ?? "").ToLowerInvariant();
        var carrier = ReadText($"{dir}/carrier") switch
        {
            "1" => true,
            "0" => false,
            _ => (bool?)null,
        };
        var type = int.TryParse(ReadText($"{dir}/type"), NumberStyles.Integer, CultureInfo.InvariantCulture, out var t) ? t : -1;
        var loopback = type == LoopbackArpType || (type < 0 && name == "lo");
        return new NetworkInterfaceFacts(name, mac, ReadText($"{dir}/operstate") ?? "unknown", carrier, loopback, _addresses(name));
    }

    private string? ReadText(string relative)
    {
        try
        {
            return File.ReadAllText(Path.Combine(Root, relative)).Trim();
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            // Absent, root-only (product_serial) or EINVAL (carrier of an interface that is down).
            return null;
        }
    }

    private IEnumerable<string> ReadLines(string relative)
    {
        try
        {
            return File.ReadAllLines(Path.Combine(Root, relative));
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return [];
        }
    }

    private static IReadOnlyList<IPAddress> SystemAddresses(string name)
    {
        try
        {
            var nic = NetworkInterface.GetAllNetworkInterfaces().FirstOrDefault(n => n.Name == name);
            return nic is null ? [] : nic.GetIPProperties().UnicastAddresses.Select(a => a.Address).ToList();
        }
        catch (NetworkInformationException)
        {
            return [];
        }
    }
}
