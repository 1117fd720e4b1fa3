namespace NodeManager.Benchmarks;

/// <summary>The command line: <c>--name value</c> pairs and bare flags.</summary>
public static class BenchArgs
{
    public static int Int(string[] args, string name, int fallback) =>
        String(args, name) is { } text && int.TryParse(text, out var value) ? value : fallback;

    public static string? String(string[] args, string name)
    {
        var at = Array.IndexOf(args, name);
        return at >= 0 && at + 1 < args.Length ? args[at + 1] : null;
    }

    public static bool Flag(string[] args, string name) => args.Contains(name);

    /// <summary>The arguments as a shell would need them to run the same again: single quotes where plain words do not do.</summary>
    public static string Quote(string[] args) =>
        string.Join(' ', args.Select(a => a.Length > 0 && a.All(c => char.IsAsciiLetterOrDigit(c) || "_-+=.,:/@%".Contains(c)) ? a : "'" + a.Replace("'", "'\\''", StringComparison.Ordinal) + "'"));
}
