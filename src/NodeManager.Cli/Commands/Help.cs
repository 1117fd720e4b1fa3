using System.CommandLine;
using System.CommandLine.Help;
using System.CommandLine.Invocation;

namespace NodeManager.Cli.Commands;

/// <summary>
/// Examples in <c>--help</c>: a command's description is written with its examples (<see cref="Text"/>); once the tree
/// is built, <see cref="Install"/> moves them out of the description (so a parent's list of commands stays one line
/// each) and prints them after the command's own help.
/// </summary>
public static class Help
{
    private const string Marker = "\n\nExamples:\n";

    public static string Text(string description, params string[] examples) =>
        examples.Length == 0 ? description : description + Marker + string.Join("\n", examples.Select(e => "  " + e));

    public static void Install(RootCommand root, TextWriter output)
    {
        var examples = new Dictionary<Command, string>();
        Collect(root, examples);
        var help = root.Options.OfType<HelpOption>().Single();
        help.Action = new WithExamples((SynchronousCommandLineAction)help.Action!, examples, output);
    }

    private static void Collect(Command command, Dictionary<Command, string> examples)
    {
        var at = command.Description?.IndexOf(Marker, StringComparison.Ordinal) ?? -1;
        if (at >= 0)
        {
            examples[command] = command.Description![(at + 2)..];
            command.Description = command.Description[..at];
        }

        foreach (var sub in command.Subcommands)
        {
            Collect(sub, examples);
        }
    }

    private sealed class WithExamples(SynchronousCommandLineAction standard, Dictionary<Command, string> examples, TextWriter output) : SynchronousCommandLineAction
    {
        public override int Invoke(ParseResult parseResult)
        {
            var code = standard.Invoke(parseResult);
            if (examples.TryGetValue(parseResult.CommandResult.Command, out var text))
            {
                output.WriteLine(text);
                output.WriteLine();
            }

            return code;
        }
    }
}
