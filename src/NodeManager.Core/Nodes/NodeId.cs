namespace NodeManager.Core.Nodes;

/// <summary>Parsing of node ids: a UUID in its hyphenated form, any letter case.</summary>
public static class NodeId
{
    public static bool TryParse(string? text, out Guid id)
    {
        id = Guid.Empty;
        return text is { Length: 36 } && Guid.TryParseExact(text, "D", out id) && id != Guid.Empty;
    }

    public const string Rule = "must be a UUID such as 3fa85f64-5717-4562-b3fc-2c963f66afa6";
}
