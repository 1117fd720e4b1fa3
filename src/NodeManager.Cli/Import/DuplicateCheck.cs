using NodeManager.Contracts.V1;

namespace NodeManager.Cli.Import;

/// <summary>
/// Rows that claim an id, name, IP or MAC an earlier row of the file claimed. The server finds these within one
/// request; when a file goes in several requests nmctl finds them across the whole file first.
/// </summary>
public static class DuplicateCheck
{
    /// <summary>Row number → the violation, for each row that repeats an earlier row's value.</summary>
    public static Dictionary<int, FieldViolation> Find(IEnumerable<FileRow> rows)
    {
        var seen = new Dictionary<(string Field, string Value), int>();
        var found = new Dictionary<int, FieldViolation>();
        foreach (var row in rows.Where(r => r.Node is not null))
        {
            var node = row.Node!;
            foreach (var (field, value) in new[] { ("id", node.Id), ("name", node.Name), ("ip", node.Ip), ("mac", node.Mac) })
            {
                if (string.IsNullOrWhiteSpace(value))
                {
                    continue;
                }

                var key = (field, value.Trim().ToLowerInvariant());
                if (seen.TryGetValue(key, out var earlier))
                {
                    found.TryAdd(row.Row, new FieldViolation { Field = field, Description = $"'{value}' is also in row {earlier}" });
                }
                else
                {
                    seen[key] = row.Row;
                }
            }
        }

        return found;
    }
}
