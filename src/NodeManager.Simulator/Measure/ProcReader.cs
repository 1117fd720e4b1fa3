using System.Globalization;

namespace NodeManager.Simulator.Measure;

/// <summary>Reads <c>/proc/PID/stat</c> (utime, stime) and <c>/proc/PID/status</c> (VmRSS, VmHWM).</summary>
public static class ProcReader
{
    /// <summary>USER_HZ: the unit of utime/stime; 100 on every mainstream Linux.</summary>
    public const int ClockTicksPerSecond = 100;

    public static ProcSample? TryRead(int pid)
    {
        try
        {
            return Parse(File.ReadAllText($"/proc/{pid}/stat"), File.ReadAllText($"/proc/{pid}/status"));
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or FormatException)
        {
            return null;
        }
    }

    /// <summary>Parses the two files' text. The command name in stat may hold spaces and ')' so fields are counted after the last ')'.</summary>
    public static ProcSample Parse(string stat, string status)
    {
        var close = stat.LastIndexOf(')');
        if (close < 0)
        {
            throw new FormatException("no ')' in /proc/PID/stat");
        }

        // Fields after "pid (comm)": state is field 3, utime field 14, stime field 15 (1-based, proc(5)).
        var fields = stat[(close + 1)..].Split(' ', StringSplitOptions.RemoveEmptyEntries);
        var utime = long.Parse(fields[14 - 3], CultureInfo.InvariantCulture);
        var stime = long.Parse(fields[15 - 3], CultureInfo.InvariantCulture);
        return new ProcSample(utime + stime, Kilobytes(status, "VmRSS:") * 1024, Kilobytes(status, "VmHWM:") * 1024);
    }

    private static long Kilobytes(string status, string key)
    {
        foreach (var line in status.Split('\n'))
        {
            if (line.StartsWith(key, StringComparison.Ordinal))
            {
                var value = line[key.Length..].Trim();
                return long.Parse(value.Split(' ')[0], CultureInfo.InvariantCulture);
            }
        }

        return 0;
    }
}
