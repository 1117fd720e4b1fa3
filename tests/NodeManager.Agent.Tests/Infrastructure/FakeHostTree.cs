using System.Net;

namespace NodeManager.Agent.Tests.Infrastructure;

/// <summary>A fake <c>/proc</c> + <c>/sys</c> tree in a temp directory, with interface addresses on the side.</summary>
public sealed class FakeHostTree : IDisposable
{
    private readonly TempDirectory _dir = new();

    public string Root => _dir.Path;

    public Dictionary<string, IReadOnlyList<IPAddress>> Addresses { get; } = new(StringComparer.Ordinal);

    public FakeHostTree With(string relative, string text)
    {
        _dir.Write(relative, text);
        return this;
    }

    /// <summary>Adds <c>/sys/class/net/{name}</c>; a null carrier leaves the file out (unreadable).</summary>
    public FakeHostTree Interface(string name, string mac, string operstate, string? carrier, int type = 1, params string[] ips)
    {
        With($"sys/class/net/{name}/address", mac + "\n");
        With($"sys/class/net/{name}/operstate", operstate + "\n");
        With($"sys/class/net/{name}/type", $"{type}\n");
        if (carrier is not null)
        {
            With($"sys/class/net/{name}/carrier", carrier + "\n");
        }

        Addresses[name] = ips.Select(IPAddress.Parse).ToList();
        return this;
    }

    /// <summary>A <c>/proc/net/route</c> with default routes given as (interface, metric).</summary>
    public FakeHostTree DefaultRoutes(params (string Iface, int Metric)[] routes)
    {
        var lines = new List<string> { "Iface\tDestination\tGateway \tFlags\tRefCnt\tUse\tMetric\tMask\t\tMTU\tWindow\tIRTT" };
        lines.Add("eth9\t0000A8C0\t00000000\t0001\t0\t0\t0\t00FFFFFF\t0\t0\t0");
        lines.AddRange(routes.Select(r => $"{r.Iface}\t00000000\t0102A8C0\t0003\t0\t0\t{r.Metric}\t00000000\t0\t0\t0"));
        return With("proc/net/route", string.Join("\n", lines) + "\n");
    }

    public NodeManager.Agent.Facts.HostFactsReader Reader() => new(Root, name => Addresses.GetValueOrDefault(name) ?? [], "/");

    public void Dispose() => _dir.Dispose();
}
