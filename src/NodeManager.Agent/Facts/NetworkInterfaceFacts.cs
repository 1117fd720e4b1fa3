using System.Net;

namespace NodeManager.Agent.Facts;

/// <summary>One entry of <c>/sys/class/net</c>: name, MAC, link state and the addresses the OS reports.</summary>
public sealed record NetworkInterfaceFacts(
    string Name,
    string Mac,
    string OperState,
    bool? Carrier,
    bool IsLoopback,
    IReadOnlyList<IPAddress> Addresses)
{
    /// <summary>Up when the kernel says so: not <c>down</c>, and carrier present when it can be read.</summary>
    public bool IsUp => !string.Equals(OperState, "down", StringComparison.Ordinal)
        && !string.Equals(OperState, "notpresent", StringComparison.Ordinal)
        && !string.Equals(OperState, "lowerlayerdown", StringComparison.Ordinal)
        && Carrier != false;

    /// <summary>The address to register: the first IPv4, else the first global IPv6, else none.</summary>
    public IPAddress? PrimaryAddress =>
        Addresses.FirstOrDefault(a => a.AddressFamily == System.Net.Sockets.AddressFamily.InterNetwork)
        ?? Addresses.FirstOrDefault(a => a.AddressFamily == System.Net.Sockets.AddressFamily.InterNetworkV6 && !a.IsIPv6LinkLocal);
}
