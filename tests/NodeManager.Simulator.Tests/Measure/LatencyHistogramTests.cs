using NodeManager.Simulator.Measure;

namespace NodeManager.Simulator.Tests.Measure;

public sealed class LatencyHistogramTests
{
    [Fact]
    public void Percentile_Empty_IsZero() => Assert.Equal(TimeSpan.Zero, new LatencyHistogram().Percentile(0.99));

    [Fact]
    public void Percentile_UniformOneToTenThousandMicros_WithinBucketError()
    {
        var histogram = new LatencyHistogram();
        for (var us = 1; us <= 10_000; us++)
        {
            histogram.RecordMicroseconds(us);
        }

        Assert.Equal(10_000, histogram.Count);
        AssertNear(5_000, histogram.Percentile(0.5).TotalMicroseconds);
        AssertNear(9_900, histogram.Percentile(0.99).TotalMicroseconds);
        AssertNear(9_990, histogram.Percentile(0.999).TotalMicroseconds);
        Assert.Equal(10_000, histogram.Max.TotalMicroseconds);
    }

    [Fact]
    public void Percentile_OneOutlierInAThousand_P99IgnoresItP999DoesNot()
    {
        var histogram = new LatencyHistogram();
        for (var i = 0; i < 999; i++)
        {
            histogram.Record(TimeSpan.FromMilliseconds(1));
        }

        histogram.Record(TimeSpan.FromMilliseconds(500));
        AssertNear(1_000, histogram.Percentile(0.99).TotalMicroseconds);
        AssertNear(500_000, histogram.Percentile(1.0).TotalMicroseconds);
    }

    [Fact]
    public void Index_EveryValue_FallsInABucketWhoseUpperEdgeIsNotBelowIt()
    {
        foreach (var v in new long[] { 0, 1, 63, 64, 65, 100, 1_000, 65_535, 1_000_000, 123_456_789 })
        {
            var upper = LatencyHistogram.UpperEdge(LatencyHistogram.Index(v));
            Assert.InRange(upper, v, Math.Max(v, (long)(v * 1.033) + 1));
        }
    }

    [Fact]
    public void Reset_AfterRecording_Empties()
    {
        var histogram = new LatencyHistogram();
        histogram.RecordMicroseconds(42);
        histogram.Reset();
        Assert.Equal(0, histogram.Count);
        Assert.Equal(TimeSpan.Zero, histogram.Max);
    }

    private static void AssertNear(double expected, double actual) =>
        Assert.InRange(actual, expected * 0.967, expected * 1.033);
}
