namespace NodeManager.Cli.Output;

/// <summary>
/// kubectl-style plain columns: an upper-case header (left out when every heading is empty), cells left-aligned, three
/// spaces apart; "-" for empty cells.
/// </summary>
public sealed class TableWriter
{
    private const string Gap = "   ";
    private readonly string[] _header;
    private readonly List<string[]> _rows = [];

    public TableWriter(params string[] header) => _header = header;

    public int Count => _rows.Count;

    public TableWriter Row(params string?[] cells)
    {
        if (cells.Length != _header.Length)
        {
            throw new ArgumentException($"a row of {cells.Length} cells in a table of {_header.Length} columns", nameof(cells));
        }

        _rows.Add(cells.Select(c => string.IsNullOrEmpty(c) ? "-" : c.ReplaceLineEndings(" ")).ToArray());
        return this;
    }

    public void WriteTo(TextWriter writer)
    {
        var widths = _header.Select((h, i) => Math.Max(h.Length, _rows.Count == 0 ? 0 : _rows.Max(r => r[i].Length))).ToArray();
        if (_header.Any(h => h.Length > 0))
        {
            WriteLine(writer, _header, widths);
        }

        foreach (var row in _rows)
        {
            WriteLine(writer, row, widths);
        }
    }

    private static void WriteLine(TextWriter writer, string[] cells, int[] widths)
    {
        var line = string.Join(Gap, cells.Select((c, i) => i == cells.Length - 1 ? c : c.PadRight(widths[i])));
        writer.WriteLine(line.TrimEnd());
    }
}
