namespace NodeManager.Cli.Output;

/// <summary><c>-o</c>: a human table, or the protobuf JSON mapping of the answer, or the same as YAML.</summary>
public enum OutputFormat
{
    Table,
    Json,
    Yaml,
}

public static class OutputFormats
{
    public static readonly string[] Names = ["table", "json", "yaml"];

    public static bool TryParse(string? text, out OutputFormat format)
    {
        switch (text?.Trim().ToLowerInvariant())
        {
            case "table":
            case "wide":
                format = OutputFormat.Table;
                return true;
            case "json":
                format = OutputFormat.Json;
                return true;
            case "yaml":
            case "yml":
                format = OutputFormat.Yaml;
                return true;
            default:
                format = OutputFormat.Table;
                return false;
        }
    }
}
