using Microsoft.Extensions.Configuration;
using NodeManager.Agent.Conditions;

namespace NodeManager.Agent.Hosting;

/// <summary>The agent's settings, section <c>NodeManagerAgent</c> (command line, environment, appsettings).</summary>
public sealed class AgentOptions
{
    public const string Section = "NodeManagerAgent";

    /// <summary>
    /// The NodeManager gRPC endpoint, or several separated by commas (the silos of one cluster): the agent starts at a
    /// random one and moves to the next when a call or its heartbeat stream fails. Default <c>http://localhost:5081</c>.
    /// </summary>
    public string Server { get; set; } = "http://localhost:5081";

    /// <summary>Port of the probe endpoint (<c>grpc.health.v1.Health</c>, h2c), registered as the node's agent_port. Default 50051.</summary>
    public int AgentPort { get; set; } = 50051;

    /// <summary>Address the probe endpoint listens on. Default <c>0.0.0.0</c>.</summary>
    public string Listen { get; set; } = "0.0.0.0";

    /// <summary>Where the node id is kept across runs (file <c>node-id</c>). Default <c>/var/lib/nodemanager-agent</c>.</summary>
    public string StateDir { get; set; } = "/var/lib/nodemanager-agent";

    /// <summary>The primary interface. Default: the default route's, else the first non-loopback interface that is up.</summary>
    public string? Interface { get; set; }

    /// <summary>Where the server probes the agent. Default: the primary interface's IP.</summary>
    public string? ManagementAddress { get; set; }

    /// <summary>The node's name. Default: the hostname (<c>/proc/sys/kernel/hostname</c>), lowercased.</summary>
    public string? Name { get; set; }

    /// <summary>Labels set on the node (operator labels already on it are kept).</summary>
    public Dictionary<string, string> Labels { get; set; } = new(StringComparer.Ordinal);

    /// <summary>Interval until the server's first ack says otherwise. Default 5 s.</summary>
    public TimeSpan InitialHeartbeatInterval { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>Reconnect backoff: first delay (default 1 s), doubling up to the maximum (default 30 s), with full jitter.</summary>
    public TimeSpan ReconnectInitialDelay { get; set; } = TimeSpan.FromSeconds(1);

    public TimeSpan ReconnectMaxDelay { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// The first attempt after a working stream broke (or the first at start) goes to the next endpoint after a
    /// random delay of at most this, not the backoff; it keeps a silo's agents from reconnecting in lockstep. Default 1 s.
    /// </summary>
    public TimeSpan FailoverJitter { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>Timeout of each registration call. Default 10 s.</summary>
    public TimeSpan CallTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>Root of <c>/proc</c> and <c>/sys</c> (a container may mount the host's elsewhere). Default <c>/</c>.</summary>
    public string HostRoot { get; set; } = "/";

    public ConditionThresholds Thresholds { get; set; } = new();

    /// <summary>A file holding this node's token (<c>nmctl tokens issue --node ID</c>), sent as a bearer token; re-read when it changes. The node id is the token's.</summary>
    public string? TokenFile { get; set; }

    /// <summary>PEM client certificate for mutual TLS (SAN URI <c>urn:nodemanager:node:ID</c>); re-read when it changes. The node id is the certificate's.</summary>
    public string? ClientCertificate { get; set; }

    /// <summary>PEM private key of <see cref="ClientCertificate"/> (when not in the same file).</summary>
    public string? ClientKey { get; set; }

    /// <summary>PEM CA that signs the server's certificate, for <c>https://</c> servers not trusted by the system's store.</summary>
    public string? ServerCa { get; set; }

    public string StateFile => Path.Combine(StateDir, "node-id");

    /// <summary>
    /// Section <see cref="Section"/> of <paramref name="configuration"/>. <see cref="Server"/> may also be a list
    /// (a JSON array, <c>NodeManagerAgent__Server__0</c>, …), read as its comma-separated form; a plain value wins.
    /// </summary>
    public static AgentOptions Bind(IConfiguration configuration)
    {
        var section = configuration.GetSection(Section);
        var options = new AgentOptions();
        section.Bind(options);
        var server = section.GetSection(nameof(Server));
        if (server.Value is null && server.GetChildren().Select(c => c.Value).OfType<string>().ToList() is { Count: > 0 } list)
        {
            options.Server = string.Join(',', list);
        }

        return options;
    }
}
