namespace NodeManager.Core.Labels;

/// <summary>
/// A Kubernetes-style label selector: comma-separated requirements, all of which must hold.
/// Grammar: <c>key</c>, <c>!key</c>, <c>key=v</c>, <c>key==v</c>, <c>key!=v</c>,
/// <c>key in (v1,v2)</c>, <c>key notin (v1,v2)</c>.
/// </summary>
public sealed class LabelSelector
{
    public static readonly LabelSelector Everything = new([]);

    private LabelSelector(IReadOnlyList<SelectorRequirement> requirements) => Requirements = requirements;

    public IReadOnlyList<SelectorRequirement> Requirements { get; }

    public bool IsEmpty => Requirements.Count == 0;

    public bool Matches(IReadOnlyDictionary<string, string> labels) => Requirements.All(r => r.Matches(labels));

    /// <summary>Parses <paramref name="text"/>; on failure <paramref name="error"/> says what is wrong and where.</summary>
    public static bool TryParse(string? text, out LabelSelector selector, out string? error)
    {
        selector = Everything;
        error = null;
        if (string.IsNullOrWhiteSpace(text))
        {
            return true;
        }

        var requirements = new List<SelectorRequirement>();
        foreach (var term in SplitTerms(text))
        {
            var requirement = ParseTerm(term.Trim(), out error);
            if (requirement is null)
            {
                return false;
            }

            requirements.Add(requirement);
        }

        selector = new LabelSelector(requirements);
        return true;
    }

    private static IEnumerable<string> SplitTerms(string text)
    {
        var depth = 0;
        var start = 0;
        for (var i = 0; i < text.Length; i++)
        {
            depth += text[i] switch { '(' => 1, ')' => -1, _ => 0 };
            if (text[i] == ',' && depth == 0)
            {
                yield return text[start..i];
                start = i + 1;
            }
        }

        yield return text[start..];
    }

    private static SelectorRequirement? ParseTerm(string term, out string? error)
    {
        error = null;
        if (term.Length == 0)
        {
            error = "empty requirement (two commas in a row?)";
            return null;
        }

        if (term[0] == '!')
        {
            return Build(term[1..].Trim(), SelectorOperator.DoesNotExist, [], term, out error);
        }

        var setMatch = FindSetOperator(term);
        if (setMatch is { } set)
        {
            var open = term.IndexOf('(', set.End);
            if (open < 0 || term[^1] != ')' || term[set.End..open].Trim().Length != 0)
            {
                error = $"'{term}': expected '{(set.Op == SelectorOperator.In ? "in" : "notin")} (v1,v2,...)'";
                return null;
            }

            var values = term[(open + 1)..^1].Split(',').Select(v => v.Trim()).ToList();
            return Build(term[..set.Start].Trim(), set.Op, values, term, out error);
        }

        foreach (var (token, op) in new[] { ("!=", SelectorOperator.NotEquals), ("==", SelectorOperator.Equals), ("=", SelectorOperator.Equals) })
        {
            var at = term.IndexOf(token, StringComparison.Ordinal);
            if (at >= 0)
            {
                return Build(term[..at].Trim(), op, [term[(at + token.Length)..].Trim()], term, out error);
            }
        }

        return Build(term, SelectorOperator.Exists, [], term, out error);
    }

    private static (int Start, int End, SelectorOperator Op)? FindSetOperator(string term)
    {
        foreach (var (word, op) in new[] { (" notin ", SelectorOperator.NotIn), (" in ", SelectorOperator.In), (" notin(", SelectorOperator.NotIn), (" in(", SelectorOperator.In) })
        {
            var at = term.IndexOf(word, StringComparison.Ordinal);
            if (at >= 0)
            {
                return (at, at + word.TrimEnd('(').Length, op);
            }
        }

        return null;
    }

    private static SelectorRequirement? Build(string key, SelectorOperator op, IReadOnlyList<string> values, string term, out string? error)
    {
        error = LabelRules.CheckKey(key) is { } keyError ? $"'{term}': {keyError}" : null;
        if (error is null && op is SelectorOperator.In or SelectorOperator.NotIn && values.All(v => v.Length == 0))
        {
            error = $"'{term}': a set needs at least one value";
        }

        foreach (var value in values)
        {
            if (error is null && LabelRules.CheckValue(value) is { } valueError)
            {
                error = $"'{term}': {valueError}";
            }
        }

        return error is null ? new SelectorRequirement(key, op, values) : null;
    }
}
