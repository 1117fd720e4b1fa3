namespace NodeManager.Cli.Commands;

/// <summary>A command's description with its examples, as <c>--help</c> shows it.</summary>
public static class Help
{
    public static string Text(string description, params string[] examples) =>
        examples.Length == 0 ? description : description + "\n\nExamples:\n" + string.Join("\n", examples.Select(e => "  " + e));
}
