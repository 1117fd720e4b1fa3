using System.Globalization;
using NodeManager.Simulator.Scenarios;

namespace NodeManager.Simulator.Hosting;

/// <summary>Parses option values: durations ("5s", "250ms", "2m", "00:00:05", or bare seconds), numbers, enums.</summary>
public static class ValueParser
{
    public static TimeSpan Duration(string text)
    {
        var t = text.Trim();
        static double N(string s) => double.Parse(s, NumberStyles.Float, CultureInfo.InvariantCulture);
        if (t.EndsWith("ms", StringComparison.Ordinal))
        {
            return TimeSpan.FromMilliseconds(N(t[..^2]));
        }

        if (t.EndsWith('s'))
        {
            return TimeSpan.FromSeconds(N(t[..^1]));
        }

        if (t.EndsWith('m'))
        {
            return TimeSpan.FromMinutes(N(t[..^1]));
        }

        return t.Contains(':') ? TimeSpan.Parse(t, CultureInfo.InvariantCulture) : TimeSpan.FromSeconds(N(t));
    }

    /// <summary>One URL or several separated by commas (blanks around them ignored), each absolute; an error names the bad one.</summary>
    public static IReadOnlyList<Uri> Uris(string text)
    {
        var parts = text.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
        if (parts.Length == 0)
        {
            throw new FormatException("no URL given");
        }

        return [.. parts.Select(p => Uri.TryCreate(p, UriKind.Absolute, out var uri) ? uri : throw new FormatException($"'{p}' is not an absolute URL, e.g. http://127.0.0.1:5081"))];
    }

    public static int Int(string text) => int.Parse(text.Replace("_", "", StringComparison.Ordinal), NumberStyles.Integer, CultureInfo.InvariantCulture);

    public static double Double(string text) => double.Parse(text, NumberStyles.Float, CultureInfo.InvariantCulture);

    public static ScenarioKind Scenario(string text) => text switch
    {
        "steady" => ScenarioKind.Steady,
        "kill" => ScenarioKind.Kill,
        "shutdown" => ScenarioKind.Shutdown,
        "flap" => ScenarioKind.Flap,
        "mass-outage" => ScenarioKind.MassOutage,
        "reconnect-storm" => ScenarioKind.ReconnectStorm,
        "churn" => ScenarioKind.Churn,
        "max" => ScenarioKind.Max,
        _ => throw new FormatException($"unknown scenario '{text}' (steady, kill, shutdown, flap, mass-outage, reconnect-storm, churn, max)"),
    };

    public static string Name(ScenarioKind kind) => kind switch
    {
        ScenarioKind.MassOutage => "mass-outage",
        ScenarioKind.ReconnectStorm => "reconnect-storm",
        _ => kind.ToString().ToLowerInvariant(),
    };

    public static ConnectionMode Mode(string text) => text switch
    {
        "multiplexed" => ConnectionMode.Multiplexed,
        "per-agent" => ConnectionMode.PerAgent,
        _ => throw new FormatException($"unknown mode '{text}' (multiplexed, per-agent)"),
    };
}
