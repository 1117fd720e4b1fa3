using NodeManager.Simulator.Agents;

namespace NodeManager.Simulator.Tests.Agents;

public sealed class PhaseSpreaderTests
{
    [Theory]
    [InlineData(100_000, 1000)]
    [InlineData(1000, 1000)]
    [InlineData(999, 1000)]
    [InlineData(7, 3)]
    public void Slot_ManyAgents_EverySlotHoldsNearlyTheSameNumber(int agents, int slots)
    {
        var counts = new int[slots];
        for (var i = 0; i < agents; i++)
        {
            counts[PhaseSpreader.Slot(i, agents, slots)]++;
        }

        Assert.Equal(agents, counts.Sum());
        Assert.True(counts.Max() - counts.Min() <= 1, $"slot sizes {counts.Min()}..{counts.Max()}");
    }

    [Fact]
    public void Slot_ConsecutiveAgents_NeverGoBackwards()
    {
        var slots = Enumerable.Range(0, 5000).Select(i => PhaseSpreader.Slot(i, 5000, 1000)).ToList();
        Assert.Equal(slots.Order(), slots);
        Assert.Equal(0, slots[0]);
        Assert.Equal(999, slots[^1]);
    }

    [Fact]
    public void Offset_AgentsSpreadOverOneInterval_StepIsIntervalOverCount()
    {
        var interval = TimeSpan.FromSeconds(5);
        Assert.Equal(TimeSpan.Zero, PhaseSpreader.Offset(0, 4, interval));
        Assert.Equal(TimeSpan.FromSeconds(1.25), PhaseSpreader.Offset(1, 4, interval));
        Assert.Equal(TimeSpan.FromSeconds(3.75), PhaseSpreader.Offset(3, 4, interval));
    }

    [Theory]
    [InlineData(5000, 5, 1000)]
    [InlineData(1000, 5, 200)]
    [InlineData(3, 5, 1)]
    [InlineData(1001, 5, 201)]
    public void SlotCount_IntervalAndTick_CeilingOfTheRatio(int intervalMs, int tickMs, int expected) =>
        Assert.Equal(expected, PhaseSpreader.SlotCount(TimeSpan.FromMilliseconds(intervalMs), TimeSpan.FromMilliseconds(tickMs)));

    [Fact]
    public void Slot_IndexOutOfRange_Throws() =>
        Assert.Throws<ArgumentOutOfRangeException>(() => PhaseSpreader.Slot(10, 10, 5));
}
