namespace NodeManager.Agent.Facts;

/// <summary>Which interface the node is known by: the configured one, else the default route's, else the first non-loopback up one.</summary>
public static class PrimaryInterface
{
    public static NetworkInterfaceFacts? Choose(HostFacts facts, string? configured)
    {
        if (!string.IsNullOrEmpty(configured))
        {
            return facts.FindInterface(configured);
        }

        if (facts.DefaultRouteInterface is { } route && facts.FindInterface(route) is { } routed)
        {
            return routed;
        }

        return facts.Interfaces.FirstOrDefault(i => !i.IsLoopback && i.IsUp && i.PrimaryAddress is not null)
            ?? facts.Interfaces.FirstOrDefault(i => !i.IsLoopback && i.IsUp)
            ?? facts.Interfaces.FirstOrDefault(i => !i.IsLoopback);
    }
}
