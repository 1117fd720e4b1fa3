namespace NodeManager.Simulator.Measure;

/// <summary>Exact percentiles of small samples (detection latencies): nearest rank.</summary>
public static class Percentiles
{
    /// <summary>The nearest-rank value at quantile <paramref name="q"/> (0..1); NaN when empty.</summary>
    public static double Of(IReadOnlyCollection<double> values, double q)
    {
        if (values.Count == 0)
        {
            return double.NaN;
        }

        var sorted = values.Order().ToArray();
        var rank = (int)Math.Ceiling(q * sorted.Length);
        return sorted[Math.Clamp(rank - 1, 0, sorted.Length - 1)];
    }
}
