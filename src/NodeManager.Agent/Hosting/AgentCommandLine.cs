namespace NodeManager.Agent.Hosting;

/// <summary>
/// Short options (<c>--server URL</c>, <c>--label k=v</c>, …) rewritten into configuration keys
/// (<c>--NodeManagerAgent:Server=URL</c>), so every setting also works from the environment and appsettings.
/// </summary>
public static class AgentCommandLine
{
    private static readonly Dictionary<string, string> Aliases = new(StringComparer.OrdinalIgnoreCase)
    {
        ["--server"] = "Server",
        ["--agent-port"] = "AgentPort",
        ["--listen"] = "Listen",
        ["--state-dir"] = "StateDir",
        ["--interface"] = "Interface",
        ["--management-address"] = "ManagementAddress",
        ["--name"] = "Name",
        ["--host-root"] = "HostRoot",
    };

    public static string[] Normalize(string[] args)
    {
        var result = new List<string>(args.Length);
        for (var i = 0; i < args.Length; i++)
        {
            var arg = args[i];
            var eq = arg.IndexOf('=');
            var name = eq < 0 ? arg : arg[..eq];
            var isLabel = string.Equals(name, "--label", StringComparison.OrdinalIgnoreCase);
            if (!isLabel && !Aliases.ContainsKey(name))
            {
                result.Add(arg);
                continue;
            }

            string value;
            if (eq >= 0)
            {
                value = arg[(eq + 1)..];
            }
            else if (i + 1 < args.Length)
            {
                value = args[++i];
            }
            else
            {
                throw new AgentConfigurationException([$"{name} needs a value, e.g. {name}={(isLabel ? "key=value" : "...")}."]);
            }

            result.Add(isLabel ? Label(value) : $"--{AgentOptions.Section}:{Aliases[name]}={value}");
        }

        return [.. result];
    }

    public static bool IsHelp(string[] args) => args.Any(a => a is "--help" or "-h" or "-?");

    private static string Label(string keyValue)
    {
        var eq = keyValue.IndexOf('=');
        if (eq <= 0)
        {
            throw new AgentConfigurationException([$"--label '{keyValue}' is not key=value, e.g. --label rack=r12."]);
        }

        return $"--{AgentOptions.Section}:Labels:{keyValue[..eq]}={keyValue[(eq + 1)..]}";
    }

    public const string Help = """
        nodemanager-agent: registers this host with NodeManager, streams heartbeats, answers probes.

        Usage: NodeManager.Agent [options]

          --server URL               NodeManager gRPC endpoint (default http://localhost:5081)
          --agent-port PORT          probe endpoint port, grpc.health.v1.Health over h2c (default 50051)
          --listen ADDRESS           probe endpoint address (default 0.0.0.0)
          --state-dir DIR            keeps the node id in DIR/node-id (default /var/lib/nodemanager-agent)
          --interface NAME           primary interface (default: the default route's, else the first up non-loopback)
          --management-address ADDR  where the server probes this agent (default: the primary interface's IP)
          --name NAME                node name (default: the hostname, lowercased)
          --label KEY=VALUE          a label to set on the node; repeatable (operator labels are kept)
          --host-root DIR            root of /proc and /sys (default /)

        Every option is also a configuration key: NodeManagerAgent:Server, :AgentPort, :Listen, :StateDir,
        :Interface, :ManagementAddress, :Name, :Labels:<key>, :HostRoot, and
          NodeManagerAgent:Thresholds:MemoryWarningPercent   (default 20)  MemAvailable below → MemoryPressure WARNING
          NodeManagerAgent:Thresholds:MemoryCriticalPercent  (default 10)  → CRITICAL (node NOT_READY)
          NodeManagerAgent:Thresholds:DiskWarningPercent     (default 10)  root fs free below → DiskPressure WARNING
          NodeManagerAgent:Thresholds:DiskCriticalPercent    (default 5)   → CRITICAL
          NodeManagerAgent:InitialHeartbeatInterval          (default 00:00:05, until the server's first ack)
          NodeManagerAgent:ReconnectInitialDelay / ReconnectMaxDelay  (default 00:00:01 / 00:00:30)
        given as --NodeManagerAgent:Key=value, environment NodeManagerAgent__Key=value, or appsettings.json.

        Examples:
          NodeManager.Agent --server http://nodemanager:5081 --label rack=r12 --label role=compute
          NodeManagerAgent__Server=http://nodemanager:5081 NodeManager.Agent --state-dir /tmp/agent
        """;
}
