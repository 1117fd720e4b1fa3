using NodeManager.Simulator.Measure;

namespace NodeManager.Simulator.Tests.Measure;

public sealed class FleetCountersTests
{
    [Fact]
    public void Reconnect_SeveralEndpoints_CountedAndSubtractedForAWindow()
    {
        var counters = new FleetCounters(3);
        counters.Reconnect(1);
        var start = counters.Snapshot();
        counters.Reconnect(1);
        counters.Reconnect(2);
        counters.Reconnect(1);

        var window = counters.Snapshot() - start;

        Assert.Equal(3, window.Reconnects);
        Assert.Equal([0L, 2L, 1L], window.ReconnectsTo);
    }
}
