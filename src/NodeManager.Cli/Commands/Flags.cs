using System.CommandLine;
using NodeManager.Cli.Hosting;

namespace NodeManager.Cli.Commands;

/// <summary>Options whose values nmctl checks while parsing, so a bad value is a usage error naming the flag.</summary>
public static class Flags
{
    /// <summary>An enum flag: <c>--to maintenance</c>; completions offer the values.</summary>
    public static Option<string> Enum<T>(string name, string description, params string[] aliases) where T : struct, System.Enum
    {
        var choices = EnumNames.Choices<T>();
        var option = new Option<string>(name, aliases) { Description = $"{description} ({string.Join(", ", choices)})", HelpName = "value" };
        option.Validators.Add(result =>
        {
            foreach (var token in result.Tokens)
            {
                if (!EnumNames.TryParse<T>(token.Value, out _))
                {
                    result.AddError($"{name}: '{token.Value}' is not one of {string.Join(", ", choices)}");
                }
            }
        });
        option.CompletionSources.Add(choices);
        return option;
    }

    /// <summary>A flag of CPU (cores or milli-cores, e.g. 4, 500m).</summary>
    public static Option<string> Cpu(string name, string description) => Checked(name, description, "cores",
        text => Quantities.TryParseMilliCores(text, out _) ? null : "is not a CPU quantity (e.g. 4, 2.5, 500m)");

    /// <summary>A flag of bytes (e.g. 16Gi, 500G, 1024).</summary>
    public static Option<string> Bytes(string name, string description) => Checked(name, description, "bytes",
        text => Quantities.TryParseBytes(text, out _) ? null : "is not a quantity of bytes (e.g. 1024, 512Mi, 16Gi, 500G)");

    public static T ParseEnum<T>(string? text, string flag) where T : struct, System.Enum =>
        EnumNames.TryParse<T>(text, out var value) ? value : throw CliException.Usage($"{flag}: '{text}' is not one of {string.Join(", ", EnumNames.Choices<T>())}");

    public static long MilliCores(ParseResult parse, Option<string> option) =>
        parse.GetValue(option) is { } text && Quantities.TryParseMilliCores(text, out var value) ? value : 0;

    public static long Bytes(ParseResult parse, Option<string> option) =>
        parse.GetValue(option) is { } text && Quantities.TryParseBytes(text, out var value) ? value : 0;

    private static Option<string> Checked(string name, string description, string helpName, Func<string, string?> check)
    {
        var option = new Option<string>(name) { Description = description, HelpName = helpName };
        option.Validators.Add(result =>
        {
            foreach (var token in result.Tokens)
            {
                if (check(token.Value) is { } problem)
                {
                    result.AddError($"{name}: '{token.Value}' {problem}");
                }
            }
        });
        return option;
    }
}
