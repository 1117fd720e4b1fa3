using NodeManager.Cli.Hosting;
using NodeManager.Cli.Output;

namespace NodeManager.Cli.Config;

/// <summary>
/// Combines the global settings, each from the first place that has it: flag, then environment (<c>NMCTL_SERVER</c>,
/// <c>NMCTL_TOKEN</c>, <c>NMCTL_OUTPUT</c>, <c>NMCTL_TIMEOUT</c>, <c>NMCTL_SERVER_CA</c>), then the config file (<c>--config</c>,
/// <c>NMCTL_CONFIG</c> or the default path), then the default. A bad value is a usage error naming where it came from.
/// </summary>
public static class SettingsResolver
{
    public const string DefaultServer = "http://localhost:5081";

    public static readonly TimeSpan DefaultTimeout = TimeSpan.FromSeconds(30);

    public static NmctlSettings Resolve(GlobalFlags flags, Func<string, string?> environment)
    {
        var file = ConfigFile.Load(Pick(flags.Config, environment("NMCTL_CONFIG")), environment);
        var fileOrigin = $"config file {file.Path}";

        var (server, serverOrigin) = Choose(flags.Server, "--server", environment("NMCTL_SERVER"), "NMCTL_SERVER", file["server"], fileOrigin + ": server")
            ?? (DefaultServer, "the default server");
        var token = Choose(flags.Token, "--token", environment("NMCTL_TOKEN"), "NMCTL_TOKEN", file["token"], fileOrigin)?.Value;

        var output = OutputFormat.Table;
        if (Choose(flags.Output, "--output", environment("NMCTL_OUTPUT"), "NMCTL_OUTPUT", file["output"], fileOrigin + ": output") is var (outputText, outputOrigin)
            && !OutputFormats.TryParse(outputText, out output))
        {
            throw CliException.Usage($"{outputOrigin}: '{outputText}' is not an output format (table, json, yaml)");
        }

        var timeout = DefaultTimeout;
        if (Choose(flags.Timeout, "--timeout", environment("NMCTL_TIMEOUT"), "NMCTL_TIMEOUT", file["timeout"], fileOrigin + ": timeout") is var (timeoutText, timeoutOrigin)
            && !Durations.TryParse(timeoutText, out timeout))
        {
            throw CliException.Usage($"{timeoutOrigin}: '{timeoutText}' is not a duration (e.g. 30s, 2m)");
        }

        string? serverCa = null;
        if (Choose(flags.ServerCa, "--server-ca", environment("NMCTL_SERVER_CA"), "NMCTL_SERVER_CA", file["server-ca"], fileOrigin + ": server-ca") is var (caPath, caOrigin))
        {
            serverCa = File.Exists(caPath) ? caPath : throw CliException.Usage($"{caOrigin}: '{caPath}' does not exist (a PEM file of the server's CA)");
        }

        return new NmctlSettings(ParseServer(server, serverOrigin), serverOrigin, string.IsNullOrWhiteSpace(token) ? null : token.Trim(), output, timeout, serverCa);
    }

    /// <summary><c>host:port</c> means <c>http://host:port</c>; otherwise an absolute http or https URL.</summary>
    public static Uri ParseServer(string text, string origin)
    {
        var candidate = text.Contains("://", StringComparison.Ordinal) ? text.Trim() : "http://" + text.Trim();
        if (!Uri.TryCreate(candidate, UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps)
            || string.IsNullOrEmpty(uri.Host))
        {
            throw CliException.Usage($"{origin}: '{text}' is not a server address (host:port or http[s]://host:port)");
        }

        return uri;
    }

    private static string? Pick(string? first, string? second) => !string.IsNullOrEmpty(first) ? first : !string.IsNullOrEmpty(second) ? second : null;

    private static (string Value, string Origin)? Choose(string? flag, string flagName, string? env, string envName, string? file, string fileOrigin) =>
        !string.IsNullOrEmpty(flag) ? (flag, flagName)
        : !string.IsNullOrEmpty(env) ? (env, envName)
        : !string.IsNullOrEmpty(file) ? (file, fileOrigin)
        : null;
}
