using System.Globalization;

namespace NodeManager.Cli.Commands;

/// <summary>
/// Kubernetes-style quantities. CPU in cores or milli-cores: <c>4</c>, <c>2.5</c>, <c>500m</c> → milli-cores.
/// Bytes: <c>1024</c>, <c>16Gi</c>, <c>500G</c>, <c>512Mi</c>, <c>1Ti</c> (binary Ki/Mi/Gi/Ti/Pi, decimal k/M/G/T/P; a trailing B is allowed).
/// </summary>
public static class Quantities
{
    private static readonly (string Suffix, double Factor)[] ByteSuffixes =
    [
        ("Ki", 1L << 10), ("Mi", 1L << 20), ("Gi", 1L << 30), ("Ti", 1L << 40), ("Pi", 1L << 50),
        ("k", 1e3), ("K", 1e3), ("M", 1e6), ("G", 1e9), ("T", 1e12), ("P", 1e15),
    ];

    public static bool TryParseMilliCores(string? text, out long milli)
    {
        milli = 0;
        text = text?.Trim();
        if (string.IsNullOrEmpty(text))
        {
            return false;
        }

        var (number, factor) = text.EndsWith('m') ? (text[..^1], 1.0) : (text, 1000.0);
        return TryScale(number, factor, out milli);
    }

    public static bool TryParseBytes(string? text, out long bytes)
    {
        bytes = 0;
        text = text?.Trim();
        if (string.IsNullOrEmpty(text))
        {
            return false;
        }

        if (text.EndsWith('B') && text.Length > 1 && !char.IsDigit(text[^2]))
        {
            text = text[..^1];
        }

        foreach (var (suffix, factor) in ByteSuffixes)
        {
            if (text.EndsWith(suffix, StringComparison.Ordinal))
            {
                return TryScale(text[..^suffix.Length], factor, out bytes);
            }
        }

        return TryScale(text, 1, out bytes);
    }

    /// <summary>Bytes for a table: <c>256Gi</c> when exact, else plain bytes.</summary>
    public static string FormatBytes(long bytes)
    {
        foreach (var (suffix, factor) in ByteSuffixes.Take(5).Reverse())
        {
            if (bytes >= factor && bytes % (long)factor == 0)
            {
                return string.Create(CultureInfo.InvariantCulture, $"{bytes / (long)factor}{suffix}");
            }
        }

        return bytes.ToString(CultureInfo.InvariantCulture);
    }

    /// <summary>Milli-cores for a table: <c>64</c> cores when whole, else <c>500m</c>.</summary>
    public static string FormatMilliCores(long milli) =>
        milli % 1000 == 0 ? (milli / 1000).ToString(CultureInfo.InvariantCulture) : milli.ToString(CultureInfo.InvariantCulture) + "m";

    private static bool TryScale(string number, double factor, out long value)
    {
        value = 0;
        if (!double.TryParse(number, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var amount))
        {
            return false;
        }

        var scaled = Math.Round(amount * factor);
        if (scaled < 0 || scaled > long.MaxValue / 2)
        {
            return false;
        }

        value = (long)scaled;
        return true;
    }
}
