using System.CommandLine;
using System.Globalization;
using System.Security.Cryptography;
using NodeManager.Cli.Config;
using NodeManager.Cli.Hosting;
using NodeManager.Contracts.Credentials;

namespace NodeManager.Cli.Commands;

/// <summary>
/// <c>nmctl tokens key|issue</c>: signing keys and tokens made locally from a key file (docs/security.md), for sites
/// without an identity provider. A node token (<c>--node</c>) is what an agent presents; an operator token
/// (<c>--subject</c> and <c>--role</c>) is checked against <c>Authentication:Schemes:Bearer</c>.
/// </summary>
public static class TokensCommand
{
    public static Command Create(CommandRunner runner)
    {
        var command = new Command("tokens", "Make signing keys and tokens (node tokens for agents, operator tokens) from a key file");
        command.Subcommands.Add(Key(runner));
        command.Subcommands.Add(Issue(runner));
        return command;
    }

    private static Command Key(CommandRunner runner)
    {
        var command = new Command("key", Help.Text(
            "Print a new random signing key (32 bytes, base64): the value of NodeManager:Security:NodeTokens:SigningKey or of an Authentication:Schemes:Bearer:SigningKeys entry.",
            "nmctl tokens key > node-token.key"));
        runner.Set(command, (_, context, _) =>
        {
            context.Io.Out.WriteLine(Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)));
            return Task.FromResult(ExitCodes.Ok);
        });
        return command;
    }

    private static Command Issue(CommandRunner runner)
    {
        var keyFile = new Option<string>("--key-file") { Description = "File holding the base64 signing key (nmctl tokens key)", HelpName = "path", Required = true };
        var node = new Option<string>("--node") { Description = "Issue a node token for this node id (role agent)", HelpName = "id" };
        var subject = new Option<string>("--subject") { Description = "Issue an operator token for this name (with --role)", HelpName = "name" };
        var role = new Option<string>("--role") { Description = "viewer, operator or admin (operator tokens)", HelpName = "role" };
        role.AcceptOnlyFromAmong("viewer", "operator", "admin");
        var issuer = new Option<string>("--issuer") { Description = $"iss claim [default {NodeCredentials.DefaultIssuer} for node tokens; required for operator tokens]", HelpName = "issuer" };
        var audience = new Option<string>("--audience") { Description = "aud claim (operator tokens; one of the server's ValidAudiences)", HelpName = "audience" };
        var expires = new Option<string>("--expires") { Description = "Lifetime, e.g. 12h, 30d [default: none for node tokens, 12h for operator tokens]", HelpName = "duration" };
        var command = new Command("issue", Help.Text(
            "Print a signed token (HS256 JWT): a node token for an agent (--node), or an operator token (--subject, --role).",
            "nmctl tokens issue --node 3fa85f64-5717-4562-b3fc-2c963f66afa6 --key-file node-token.key > /etc/nodemanager-agent/token",
            "nmctl tokens issue --subject alice --role operator --issuer nodemanager --audience nodemanager --key-file operators.key"))
        {
            keyFile, node, subject, role, issuer, audience, expires,
        };
        runner.Set(command, (parse, context, _) =>
        {
            var key = ReadKey(parse.GetValue(keyFile)!);
            var now = DateTimeOffset.UtcNow;
            var lifetime = parse.GetValue(expires) is { } text ? (TimeSpan?)Lifetime(text) : null;
            string token;
            if (parse.GetValue(node) is { } nodeText)
            {
                if (parse.GetValue(subject) is not null || parse.GetValue(role) is not null)
                {
                    throw CliException.Usage("--node issues a node token (role agent); leave out --subject and --role");
                }

                var id = Guid.TryParse(nodeText, out var parsed) ? parsed : throw CliException.Usage($"--node: '{nodeText}' is not a node id (a UUID)");
                token = NodeCredentials.CreateNodeToken(key, id, parse.GetValue(issuer) ?? NodeCredentials.DefaultIssuer, now, now + lifetime);
            }
            else
            {
                var name = parse.GetValue(subject) ?? throw CliException.Usage("give --node ID for a node token, or --subject NAME --role ROLE for an operator token");
                var claims = new Dictionary<string, object>
                {
                    ["sub"] = name,
                    ["role"] = parse.GetValue(role) ?? throw CliException.Usage("--role is required with --subject (viewer, operator or admin)"),
                    ["iss"] = parse.GetValue(issuer) ?? throw CliException.Usage("--issuer is required with --subject (the server's ValidIssuer)"),
                    ["aud"] = parse.GetValue(audience) ?? throw CliException.Usage("--audience is required with --subject (one of the server's ValidAudiences)"),
                };
                token = NodeCredentials.CreateToken(key, claims, now, now + (lifetime ?? TimeSpan.FromHours(12)));
            }

            context.Io.Out.WriteLine(token);
            return Task.FromResult(ExitCodes.Ok);
        });
        return command;
    }

    private static byte[] ReadKey(string path)
    {
        string text;
        try
        {
            text = File.ReadAllText(path).Trim();
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw CliException.Usage($"--key-file: '{path}' cannot be read ({ex.Message})");
        }

        try
        {
            var key = Convert.FromBase64String(text);
            return key.Length >= 32 ? key : throw CliException.Usage($"--key-file: the key in '{path}' is {key.Length} bytes; at least 32 (nmctl tokens key)");
        }
        catch (FormatException)
        {
            throw CliException.Usage($"--key-file: '{path}' does not hold a base64 key (nmctl tokens key)");
        }
    }

    private static TimeSpan Lifetime(string text) =>
        text.Trim().EndsWith('d') && double.TryParse(text.Trim()[..^1], NumberStyles.Float, CultureInfo.InvariantCulture, out var days) && days > 0
            ? TimeSpan.FromDays(days)
            : Durations.TryParse(text, out var value) ? value
            : throw CliException.Usage($"--expires: '{text}' is not a duration (e.g. 12h, 30d)");
}
