using System.Globalization;

namespace NodeManager.Agent.Facts;

/// <summary>CPU in use between two reads of <c>/proc/stat</c>, in milli-cores (0 on the first read).</summary>
public sealed class CpuSampler(string root = "/")
{
    private (long Busy, long Total)? _last;

    public long SampleMilliCores(int cpuCount)
    {
        var now = Read();
        var last = _last;
        _last = now;
        if (now is not { } n || last is not { } l || n.Total <= l.Total)
        {
            return 0;
        }

        var busy = Math.Clamp(n.Busy - l.Busy, 0, n.Total - l.Total);
        return (long)Math.Round(1000.0 * cpuCount * busy / (n.Total - l.Total));
    }

    private (long Busy, long Total)? Read()
    {
        try
        {
            using var reader = new StreamReader(Path.Combine(root, "proc/stat"));
            var line = reader.ReadLine();
            if (line is null || !line.StartsWith("cpu ", StringComparison.Ordinal))
            {
                return null;
            }

            var values = line.Split(' ', StringSplitOptions.RemoveEmptyEntries).Skip(1).Take(8)
                .Select(v => long.TryParse(v, NumberStyles.None, CultureInfo.InvariantCulture, out var x) ? x : 0).ToArray();
            var idle = values.ElementAtOrDefault(3) + values.ElementAtOrDefault(4);
            var total = values.Sum();
            return (total - idle, total);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }
}
