using NodeManager.Simulator.Measure;

namespace NodeManager.Simulator.Tests.Measure;

public sealed class PercentilesTests
{
    [Fact]
    public void Of_Empty_IsNaN() => Assert.True(double.IsNaN(Percentiles.Of([], 0.5)));

    [Theory]
    [InlineData(0.5, 50)]
    [InlineData(0.99, 99)]
    [InlineData(1.0, 100)]
    [InlineData(0.0, 1)]
    public void Of_OneToHundred_NearestRank(double q, double expected) =>
        Assert.Equal(expected, Percentiles.Of(Enumerable.Range(1, 100).Select(i => (double)i).Reverse().ToList(), q));

    [Fact]
    public void Of_SingleValue_IsThatValueAtEveryQuantile() => Assert.Equal(7.5, Percentiles.Of([7.5], 0.99));
}
