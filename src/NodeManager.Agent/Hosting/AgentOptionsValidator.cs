using System.Net;

namespace NodeManager.Agent.Hosting;

/// <summary>Checks the options at start-up and reports every problem at once, with how to fix it.</summary>
public static class AgentOptionsValidator
{
    public static IReadOnlyList<string> Validate(AgentOptions o)
    {
        var problems = new List<string>();
        var servers = ServerEndpoints.Split(o.Server);
        if (servers.Count == 0)
        {
            problems.Add("NodeManagerAgent:Server is empty; give one or more URLs, e.g. --server=http://nodemanager:5081 (repeat --server or separate them with commas).");
        }

        foreach (var server in servers)
        {
            if (!IsHttpUrl(server))
            {
                problems.Add($"NodeManagerAgent:Server '{server}' is not an http:// or https:// URL; e.g. --server=http://nodemanager:5081.");
            }
        }

        if (o.AgentPort is < 1 or > 65535)
        {
            problems.Add($"NodeManagerAgent:AgentPort {o.AgentPort} is not a TCP port (1-65535); e.g. --agent-port=50051.");
        }

        if (!IPAddress.TryParse(o.Listen, out _))
        {
            problems.Add($"NodeManagerAgent:Listen '{o.Listen}' is not an IP address; use 0.0.0.0 (all IPv4), :: (all) or one address.");
        }

        if (string.IsNullOrWhiteSpace(o.StateDir))
        {
            problems.Add("NodeManagerAgent:StateDir is empty; give a writable directory, e.g. --state-dir=/var/lib/nodemanager-agent.");
        }
        else if (CheckStateDir(o.StateDir) is { } stateProblem)
        {
            problems.Add(stateProblem);
        }

        if (o.ManagementAddress is { Length: > 0 } m && Uri.CheckHostName(m) == UriHostNameType.Unknown)
        {
            problems.Add($"NodeManagerAgent:ManagementAddress '{m}' is neither an IP address nor a hostname.");
        }

        foreach (var (key, value) in o.Labels)
        {
            if (key.Length == 0 || value is null)
            {
                problems.Add($"NodeManagerAgent:Labels:{key} needs a key and a value; use --label key=value.");
            }
        }

        Positive(problems, nameof(o.InitialHeartbeatInterval), o.InitialHeartbeatInterval);
        Positive(problems, nameof(o.ReconnectInitialDelay), o.ReconnectInitialDelay);
        Positive(problems, nameof(o.CallTimeout), o.CallTimeout);
        if (o.FailoverJitter < TimeSpan.Zero)
        {
            problems.Add($"NodeManagerAgent:FailoverJitter ({o.FailoverJitter}) must not be negative, e.g. 00:00:01.");
        }

        if (o.ReconnectMaxDelay < o.ReconnectInitialDelay)
        {
            problems.Add($"NodeManagerAgent:ReconnectMaxDelay ({o.ReconnectMaxDelay}) is below ReconnectInitialDelay ({o.ReconnectInitialDelay}).");
        }

        if (!Directory.Exists(Path.Combine(o.HostRoot, "proc")))
        {
            problems.Add($"NodeManagerAgent:HostRoot '{o.HostRoot}' has no proc/ directory; the agent reads /proc and /sys below it.");
        }

        problems.AddRange(o.Thresholds.Validate());
        Credentials(problems, o);
        return problems;
    }

    private static void Credentials(List<string> problems, AgentOptions o)
    {
        foreach (var (key, file) in new[] { ("TokenFile", o.TokenFile), ("ClientCertificate", o.ClientCertificate), ("ClientKey", o.ClientKey), ("ServerCa", o.ServerCa) })
        {
            if (file is { Length: > 0 } && !File.Exists(file))
            {
                problems.Add($"NodeManagerAgent:{key} '{file}' does not exist.");
            }
        }

        if (o.TokenFile is { Length: > 0 } tokenFile && File.Exists(tokenFile)
            && NodeManager.Contracts.Credentials.NodeCredentials.NodeIdOfToken(File.ReadAllText(tokenFile).Trim()) is null)
        {
            problems.Add($"NodeManagerAgent:TokenFile '{tokenFile}' holds no node token (a JWT whose sub is the node id; nmctl tokens issue --node ID).");
        }

        if (o.ClientKey is { Length: > 0 } && o.ClientCertificate is not { Length: > 0 })
        {
            problems.Add("NodeManagerAgent:ClientKey is set without NodeManagerAgent:ClientCertificate.");
        }
    }

    private static bool IsHttpUrl(string value) =>
        Uri.TryCreate(value, UriKind.Absolute, out var uri) && (uri.Scheme == Uri.UriSchemeHttp || uri.Scheme == Uri.UriSchemeHttps) && uri.Host.Length > 0;

    private static void Positive(List<string> problems, string name, TimeSpan value)
    {
        if (value <= TimeSpan.Zero)
        {
            problems.Add($"NodeManagerAgent:{name} ({value}) must be positive, e.g. 00:00:05.");
        }
    }

    private static string? CheckStateDir(string dir)
    {
        try
        {
            Directory.CreateDirectory(dir);
            return null;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or ArgumentException or NotSupportedException)
        {
            return $"NodeManagerAgent:StateDir '{dir}' cannot be created ({ex.Message}); run as a user that can write it or pass --state-dir.";
        }
    }
}
