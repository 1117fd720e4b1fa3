using System.Globalization;
using System.Text;

namespace NodeManager.Cli.Commands;

/// <summary>
/// Protobuf enums as operators type and read them: <c>COMMISSIONED</c>, not <c>LIFECYCLE_STATE_COMMISSIONED</c>.
/// Input is case-insensitive, '-' or '_', with or without the prefix; "unspecified" is never offered.
/// </summary>
public static class EnumNames
{
    /// <summary><c>NotReady</c> → <c>NOT_READY</c> (the proto name without its type prefix).</summary>
    public static string Short<T>(T value) where T : struct, Enum => Snake(value.ToString());

    /// <summary>The values a user may type, lower-case with '-' (e.g. <c>not-ready</c>).</summary>
    public static string[] Choices<T>() where T : struct, Enum =>
        Values<T>().Select(v => Short(v).ToLowerInvariant().Replace('_', '-')).ToArray();

    public static bool TryParse<T>(string? text, out T value) where T : struct, Enum
    {
        value = default;
        if (string.IsNullOrWhiteSpace(text))
        {
            return false;
        }

        var wanted = text.Trim().ToUpperInvariant().Replace('-', '_');
        var prefix = Snake(typeof(T).Name) + "_";
        foreach (var candidate in Values<T>())
        {
            var name = Short(candidate);
            if (wanted == name || wanted == prefix + name)
            {
                value = candidate;
                return true;
            }
        }

        return false;
    }

    private static IEnumerable<T> Values<T>() where T : struct, Enum =>
        Enum.GetValues<T>().Where(v => Convert.ToInt32(v, CultureInfo.InvariantCulture) != 0);

    /// <summary><c>LifecycleState</c> → <c>LIFECYCLE_STATE</c>.</summary>
    private static string Snake(string pascal)
    {
        var builder = new StringBuilder(pascal.Length + 4);
        for (var i = 0; i < pascal.Length; i++)
        {
            if (i > 0 && char.IsUpper(pascal[i]))
            {
                builder.Append('_');
            }

            builder.Append(char.ToUpperInvariant(pascal[i]));
        }

        return builder.ToString();
    }
}
