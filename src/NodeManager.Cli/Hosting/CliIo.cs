namespace NodeManager.Cli.Hosting;

/// <summary>
/// What nmctl reads from and writes to besides the server: standard output and error, the environment and the home
/// directory. <see cref="System"/> is the process's; tests pass writers and an environment of their own.
/// </summary>
public sealed class CliIo
{
    public required TextWriter Out { get; init; }

    public required TextWriter Err { get; init; }

    public required Func<string, string?> Environment { get; init; }

    /// <summary>True when standard error is a terminal: progress is drawn live there, else printed as lines.</summary>
    public bool ErrIsTerminal { get; init; }

    /// <summary>Standard input, for <c>nodes import -</c>.</summary>
    public TextReader In { get; init; } = TextReader.Null;

    public static CliIo System() => new()
    {
        Out = Console.Out,
        Err = Console.Error,
        In = Console.In,
        Environment = global::System.Environment.GetEnvironmentVariable,
        ErrIsTerminal = !Console.IsErrorRedirected,
    };
}
