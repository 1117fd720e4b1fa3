using System.CommandLine;
using NodeManager.Cli.Config;
using NodeManager.Cli.Output;

namespace NodeManager.Cli.Hosting;

/// <summary>The flags every command takes (recursive options of the root command).</summary>
public sealed class GlobalOptions
{
    public Option<string> Server { get; } = new("--server", "-s")
    {
        Description = $"gRPC endpoint of a NodeManager server, host:port or URL [env NMCTL_SERVER; default {SettingsResolver.DefaultServer}]",
        HelpName = "url",
        Recursive = true,
    };

    public Option<string> Token { get; } = new("--token")
    {
        Description = "Bearer token sent as 'authorization: Bearer <token>' [env NMCTL_TOKEN]",
        Recursive = true,
    };

    public Option<string> Config { get; } = new("--config")
    {
        Description = "Config file (YAML or JSON: server, token, output, timeout) [env NMCTL_CONFIG; default ~/.config/nmctl/config.yaml]",
        HelpName = "path",
        Recursive = true,
    };

    public Option<string> Output { get; } = new("--output", "-o")
    {
        Description = "Output format: table, json (the protobuf JSON mapping) or yaml [env NMCTL_OUTPUT; default table]",
        HelpName = "format",
        Recursive = true,
    };

    public Option<string> Timeout { get; } = new("--timeout")
    {
        Description = "Deadline of each call, e.g. 30s, 2m [env NMCTL_TIMEOUT; default 30s]",
        HelpName = "duration",
        Recursive = true,
    };

    public Option<string> ServerCa { get; } = new("--server-ca")
    {
        Description = "PEM file of the CA that signs an https server's certificate [env NMCTL_SERVER_CA; default: the system's trust store]",
        HelpName = "path",
        Recursive = true,
    };

    public GlobalOptions()
    {
        Output.Validators.Add(result =>
        {
            var text = result.Tokens.LastOrDefault()?.Value;
            if (text is not null && !OutputFormats.TryParse(text, out _))
            {
                result.AddError($"--output: '{text}' is not an output format (table, json, yaml)");
            }
        });
        Output.CompletionSources.Add(OutputFormats.Names);
        Timeout.Validators.Add(result =>
        {
            var text = result.Tokens.LastOrDefault()?.Value;
            if (text is not null && !Durations.TryParse(text, out _))
            {
                result.AddError($"--timeout: '{text}' is not a duration (e.g. 30s, 2m)");
            }
        });
    }

    public IEnumerable<Option> All => [Server, Token, Config, Output, Timeout, ServerCa];

    public GlobalFlags Read(ParseResult parse) =>
        new(parse.GetValue(Server), parse.GetValue(Token), parse.GetValue(Config), parse.GetValue(Output), parse.GetValue(Timeout), parse.GetValue(ServerCa));
}
