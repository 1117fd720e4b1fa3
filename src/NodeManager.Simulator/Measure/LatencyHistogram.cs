using System.Numerics;

namespace NodeManager.Simulator.Measure;

/// <summary>
/// Thread-safe log-linear histogram of microseconds: exact below 64 µs, then 32 buckets per power of two
/// (≤ 3.2 % relative error). Recording is one interlocked increment; no allocation.
/// </summary>
public sealed class LatencyHistogram
{
    private const int Linear = 64;
    private const int SubBuckets = 32;
    private readonly long[] _counts = new long[Linear + (40 * SubBuckets)];
    private long _max;

    public long Count => _counts.Sum();

    public TimeSpan Max => TimeSpan.FromMicroseconds(Volatile.Read(ref _max));

    public void Record(TimeSpan value) => RecordMicroseconds((long)value.TotalMicroseconds);

    public void RecordMicroseconds(long micros)
    {
        micros = Math.Max(0, micros);
        Interlocked.Increment(ref _counts[Index(micros)]);
        long max;
        while (micros > (max = Volatile.Read(ref _max)) && Interlocked.CompareExchange(ref _max, micros, max) != max)
        {
        }
    }

    /// <summary>The value at quantile <paramref name="q"/> (0..1): the upper edge of the bucket holding that rank; zero when empty.</summary>
    public TimeSpan Percentile(double q)
    {
        var counts = (long[])_counts.Clone();
        var total = counts.Sum();
        if (total == 0)
        {
            return TimeSpan.Zero;
        }

        var rank = Math.Max(1, (long)Math.Ceiling(q * total));
        long seen = 0;
        for (var i = 0; i < counts.Length; i++)
        {
            seen += counts[i];
            if (seen >= rank)
            {
                return TimeSpan.FromMicroseconds(Math.Min(UpperEdge(i), Volatile.Read(ref _max)));
            }
        }

        return Max;
    }

    public void Reset()
    {
        Array.Clear(_counts);
        Volatile.Write(ref _max, 0);
    }

    internal static int Index(long micros)
    {
        if (micros < Linear)
        {
            return (int)micros;
        }

        var msb = 63 - BitOperations.LeadingZeroCount((ulong)micros);
        var shift = msb - 5;
        var sub = (int)(micros >> shift) - SubBuckets;
        return Math.Min(Linear + ((shift - 1) * SubBuckets) + sub, Linear + (40 * SubBuckets) - 1);
    }

    internal static long UpperEdge(int index)
    {
        if (index < Linear)
        {
            return index;
        }

        var shift = ((index - Linear) / SubBuckets) + 1;
        var sub = ((index - Linear) % SubBuckets) + SubBuckets;
        return ((long)(sub + 1) << shift) - 1;
    }
}
