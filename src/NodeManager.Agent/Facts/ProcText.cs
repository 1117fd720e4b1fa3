using System.Globalization;

namespace NodeManager.Agent.Facts;

/// <summary>Parsers for the text formats of <c>/proc</c> and <c>/sys</c>; never throw on odd input.</summary>
public static class ProcText
{
    private const int RouteUp = 0x1;

    /// <summary>Counts a kernel CPU list such as <c>0-3,6,8-9</c>.</summary>
    public static bool TryCountCpuList(string list, out int count)
    {
        count = 0;
        foreach (var part in list.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var dash = part.IndexOf('-');
            if (dash < 0 && int.TryParse(part, NumberStyles.None, CultureInfo.InvariantCulture, out _))
            {
                count++;
            }
            else if (dash > 0
                && int.TryParse(part.AsSpan(0, dash), NumberStyles.None, CultureInfo.InvariantCulture, out var from)
                && int.TryParse(part.AsSpan(dash + 1), NumberStyles.None, CultureInfo.InvariantCulture, out var to)
                && to >= from)
            {
                count += to - from + 1;
            }
            else
            {
                count = 0;
                return false;
            }
        }

        return count > 0;
    }

    /// <summary>Parses <c>Key:   123 kB</c> of <c>/proc/meminfo</c> into bytes.</summary>
    public static bool TryParseMeminfo(string line, string key, out long bytes)
    {
        bytes = 0;
        if (!line.StartsWith(key, StringComparison.Ordinal) || line.Length <= key.Length || line[key.Length] != ':')
        {
            return false;
        }

        var parts = line[(key.Length + 1)..].Split(' ', StringSplitOptions.RemoveEmptyEntries);
        if (parts.Length == 0 || !long.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out var value))
        {
            return false;
        }

        bytes = parts.Length > 1 && parts[1] == "kB" ? value * 1024 : value;
        return true;
    }

    /// <summary>The interface of the up default route (destination and mask 0) with the lowest metric.</summary>
    public static string? DefaultRouteInterface(IEnumerable<string> routeLines)
    {
        string? best = null;
        var bestMetric = int.MaxValue;
        foreach (var line in routeLines.Skip(1))
        {
            var f = line.Split(['\t', ' '], StringSplitOptions.RemoveEmptyEntries);
            if (f.Length < 8 || f[1] != "00000000" || f[7] != "00000000"
                || !int.TryParse(f[3], NumberStyles.HexNumber, CultureInfo.InvariantCulture, out var flags) || (flags & RouteUp) == 0)
            {
                continue;
            }

            var metric = int.TryParse(f[6], NumberStyles.None, CultureInfo.InvariantCulture, out var m) ? m : int.MaxValue - 1;
            if (metric < bestMetric)
            {
                best = f[0];
                bestMetric = metric;
            }
        }

        return best;
    }
}
