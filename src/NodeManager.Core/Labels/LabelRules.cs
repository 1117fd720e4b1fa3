namespace NodeManager.Core.Labels;

/// <summary>Kubernetes label syntax: keys are <c>[prefix/]name</c>, values at most 63 characters.</summary>
public static class LabelRules
{
    public const int MaxLabels = 64;

    /// <summary>Returns null when the key is valid, else why not.</summary>
    public static string? CheckKey(string key)
    {
        var slash = key.IndexOf('/');
        var name = slash < 0 ? key : key[(slash + 1)..];
        if (slash >= 0)
        {
            var prefix = key[..slash];
            if (prefix.Length is 0 or > 253 || !IsDnsSubdomain(prefix))
            {
                return "label key prefix must be a lowercase DNS subdomain of at most 253 characters";
            }
        }

        if (name.Length is 0 or > 63 || !IsQualifiedName(name))
        {
            return "label key name must be 1-63 characters of [A-Za-z0-9-_.], starting and ending with a letter or digit";
        }

        return null;
    }

    /// <summary>Returns null when the value is valid, else why not.</summary>
    public static string? CheckValue(string value) =>
        value.Length == 0 || (value.Length <= 63 && IsQualifiedName(value))
            ? null
            : "label value must be empty or 1-63 characters of [A-Za-z0-9-_.], starting and ending with a letter or digit";

    private static bool IsQualifiedName(string text) =>
        char.IsAsciiLetterOrDigit(text[0]) && char.IsAsciiLetterOrDigit(text[^1])
        && text.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.');

    private static bool IsDnsSubdomain(string text) =>
        text.Split('.').All(part => part.Length is > 0 and <= 63
            && (char.IsAsciiLetterLower(part[0]) || char.IsAsciiDigit(part[0]))
            && (char.IsAsciiLetterLower(part[^1]) || char.IsAsciiDigit(part[^1]))
            && part.All(c => char.IsAsciiLetterLower(c) || char.IsAsciiDigit(c) || c == '-'));
}
