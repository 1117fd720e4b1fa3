namespace NodeManager.Agent.Hosting;

/// <summary>
/// Short options (<c>--server URL</c>, <c>--label k=v</c>, …) rewritten into configuration keys
/// (<c>--NodeManagerAgent:Server=URL</c>), so every setting also works from the environment and appsettings.
/// <c>--server</c> may be repeated; its values become one comma-separated list where the first one stood.
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
        ["--token-file"] = "TokenFile",
        ["--client-cert"] = "ClientCertificate",
        ["--client-key"] = "ClientKey",
        ["--server-ca"] = "ServerCa",
    };

    public static string[] Normalize(string[] args)
    {
        var result = new List<string>(args.Length);
        var servers = new List<string>();
        var serversAt = -1;
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

            if (isLabel)
            {
                result.Add(Label(value));
            }
            else if (Aliases[name] == nameof(AgentOptions.Server))
            {
                serversAt = serversAt < 0 ? result.Count : serversAt;
                servers.Add(value);
            }
            else
            {
                result.Add($"--{AgentOptions.Section}:{Aliases[name]}={value}");
            }
        }

        if (serversAt >= 0)
        {
            result.Insert(serversAt, $"--{AgentOptions.Section}:{nameof(AgentOptions.Server)}={string.Join(',', servers)}");
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

          --server URL[,URL...]      NodeManager gRPC endpoint; repeat it or separate URLs with commas for the silos of
                                     one cluster: the agent starts at a random one and moves to the next when a call or
                                     the heartbeat stream fails (default http://localhost:5081)
          --agent-port PORT          probe endpoint port, grpc.health.v1.Health over h2c (default 50051)
          --listen ADDRESS           probe endpoint address (default 0.0.0.0)
          --state-dir DIR            keeps the node id in DIR/node-id (default /var/lib/nodemanager-agent)
          --interface NAME           primary interface (default: the default route's, else the first up non-loopback)
          --management-address ADDR  where the server probes this agent (default: the primary interface's IP)
          --name NAME                node name (default: the hostname, lowercased)
          --label KEY=VALUE          a label to set on the node; repeatable (operator labels are kept)
          --host-root DIR            root of /proc and /sys (default /)
          --token-file FILE          this node's token (nmctl tokens issue --node ID), sent on every call; the node
                                     id is the token's; re-read when the file changes
          --client-cert FILE         PEM client certificate for mutual TLS (SAN URI urn:nodemanager:node:ID); the node
                                     id is the certificate's; with --client-key FILE when the key is apart
          --server-ca FILE           PEM CA of the server's certificate (https:// servers)

        Every option is also a configuration key: NodeManagerAgent:Server (comma-separated, or a JSON array),
        :AgentPort, :Listen, :StateDir, :Interface, :ManagementAddress, :Name, :Labels:<key>, :HostRoot, :TokenFile,
        :ClientCertificate, :ClientKey, :ServerCa, and
          NodeManagerAgent:Thresholds:MemoryWarningPercent   (default 20)  MemAvailable below → MemoryPressure WARNING
          NodeManagerAgent:Thresholds:MemoryCriticalPercent  (default 10)  → CRITICAL (node NOT_READY)
          NodeManagerAgent:Thresholds:DiskWarningPercent     (default 10)  root fs free below → DiskPressure WARNING
          NodeManagerAgent:Thresholds:DiskCriticalPercent    (default 5)   → CRITICAL
          NodeManagerAgent:InitialHeartbeatInterval          (default 00:00:05, until the server's first ack)
          NodeManagerAgent:FailoverJitter                    (default 00:00:01) the first reconnect after a broken stream
                                                             goes to the next endpoint within a random delay up to this
          NodeManagerAgent:ReconnectInitialDelay / ReconnectMaxDelay  (default 00:00:01 / 00:00:30) later ones: backoff
        given as --NodeManagerAgent:Key=value, environment NodeManagerAgent__Key=value, or appsettings.json.

        Examples:
          NodeManager.Agent --server http://nodemanager:5081 --label rack=r12 --label role=compute
          NodeManager.Agent --server http://nm-1:5081,http://nm-2:5081 --server http://nm-3:5081
          NodeManagerAgent__Server=http://nodemanager:5081 NodeManager.Agent --state-dir /tmp/agent
        """;
}
