using System.Text.Json;
using System.Text.Json.Nodes;
using Google.Protobuf;
using NodeManager.Cli.Hosting;

namespace NodeManager.Cli.Output;

/// <summary>
/// Writes answers to standard output in the <c>-o</c> format: a table, the protobuf JSON mapping (indented), or that
/// as YAML. Streams (watches) write one JSON object per line, or one YAML document per event.
/// </summary>
public sealed class Printer(CliIo io, OutputFormat format)
{
    private static readonly JsonFormatter Indented = new(JsonFormatter.Settings.Default.WithIndentation("  "));
    private static readonly JsonSerializerOptions IndentedOptions = new() { WriteIndented = true };

    public OutputFormat Format => format;

    public TextWriter Out => io.Out;

    /// <summary>One answer: <paramref name="table"/> fills the table form.</summary>
    public void Print(IMessage message, Action<TextWriter> table)
    {
        switch (format)
        {
            case OutputFormat.Json:
                io.Out.WriteLine(Indented.Format(message));
                break;
            case OutputFormat.Yaml:
                io.Out.Write(Yaml.FromJson(JsonFormatter.Default.Format(message)));
                break;
            default:
                table(io.Out);
                break;
        }
    }

    /// <summary>An answer that is not a protobuf message (put together by nmctl, e.g. <c>cluster status</c>).</summary>
    public void Print(JsonObject document, Action<TextWriter> table)
    {
        switch (format)
        {
            case OutputFormat.Json:
                io.Out.WriteLine(document.ToJsonString(IndentedOptions));
                break;
            case OutputFormat.Yaml:
                io.Out.Write(Yaml.FromJson(document.ToJsonString()));
                break;
            default:
                table(io.Out);
                break;
        }
    }

    /// <summary>One event of a stream; <paramref name="line"/> is its table line.</summary>
    public void PrintEvent(IMessage message, Func<string> line)
    {
        switch (format)
        {
            case OutputFormat.Json:
                io.Out.WriteLine(JsonFormatter.Default.Format(message));
                break;
            case OutputFormat.Yaml:
                io.Out.WriteLine("---");
                io.Out.Write(Yaml.FromJson(JsonFormatter.Default.Format(message)));
                break;
            default:
                io.Out.WriteLine(line());
                break;
        }

        io.Out.Flush();
    }
}
