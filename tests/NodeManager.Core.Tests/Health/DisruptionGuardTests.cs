using NodeManager.Core.Health;

namespace NodeManager.Core.Tests.Health;

public sealed class DisruptionGuardTests
{
    private static readonly HealthPolicy Policy = new();

    [Theory]
    [InlineData(100, 51, true)]
    [InlineData(100, 100, true)]
    [InlineData(100, 50, false)]
    [InlineData(1000, 500, false)]
    [InlineData(1000, 501, true)]
    [InlineData(98, 50, true)]
    [InlineData(98, 49, false)]
    [InlineData(60, 49, false)]
    [InlineData(49, 49, false)]
    [InlineData(10, 10, false)]
    [InlineData(100, 0, false)]
    [InlineData(0, 0, false)]
    public void Trips_DefaultPolicy_MoreThanHalfAndAtLeastFifty(int ready, int stale, bool trips) =>
        Assert.Equal(trips, DisruptionGuard.Trips(ready, stale, Policy));

    [Theory]
    [InlineData(10, 4, false)]
    [InlineData(10, 5, false)]
    [InlineData(10, 6, true)]
    [InlineData(4, 4, false)]
    public void Trips_CustomThresholdAndMinimum_Applied(int ready, int stale, bool trips) =>
        Assert.Equal(trips, DisruptionGuard.Trips(ready, stale, new HealthPolicy { DisruptionThreshold = 0.5, DisruptionMinNodes = 5 }));

    [Fact]
    public void Trips_ExactlyAtNonBinaryThreshold_DoesNotTrip() =>
        Assert.False(DisruptionGuard.Trips(100, 57, new HealthPolicy { DisruptionThreshold = 0.57, DisruptionMinNodes = 1 }));

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void Sweep_AllNodesStaleAtOnce_GuardWithholdsEveryTransitionAndProbe(bool streamsBroken)
    {
        var nodes = Enumerable.Range(0, 100).Select(i =>
        {
            var initial = NodeHealthState.Initial(Guid.NewGuid(), TestData.Earlier);
            var ready = HealthEvaluator.OnHeartbeat(initial, 0, [], TestData.Now, Policy).State;
            var liveness = new Liveness(TestData.Now, null, null, StreamOpen: !streamsBroken,
                StreamClosedAt: streamsBroken ? TestData.Now.AddSeconds(1) : null, ProbeInFlight: false);
            return (State: ready, Liveness: liveness);
        }).ToList();

        // Streams that all break at once are stale after one interval; silent open streams after the grace.
        foreach (var seconds in streamsBroken ? new[] { 7, 20, 90 } : [20, 90])
        {
            var now = TestData.Now.AddSeconds(seconds);
            var stale = nodes.Count(n => HealthEvaluator.Sweep(n.State, n.Liveness, now, Policy, default) is var r
                && (r.Probe || r.State.Status != HealthStatus.Ready || r.State.Conditions.Count > 0));

            Assert.Equal(nodes.Count, stale);
            Assert.True(DisruptionGuard.Trips(nodes.Count, stale, Policy));
            var guarded = new SweepContext(InStartupGrace: false, GuardActive: true);
            var results = nodes.Select(n => (Before: n.State, After: HealthEvaluator.Sweep(n.State, n.Liveness, now, Policy, guarded))).ToList();

            Assert.All(results, r => Assert.Same(r.Before, r.After.State));
            Assert.DoesNotContain(results, r => r.After.Probe);
        }
    }

    [Fact]
    public void Sweep_FractionFallsBelowThreshold_GuardOffAndStaleNodesProbed()
    {
        var now = TestData.Now.AddSeconds(20);
        var ready = HealthEvaluator.OnHeartbeat(NodeHealthState.Initial(Guid.NewGuid(), TestData.Earlier), 0, [], TestData.Now, Policy).State;
        var fresh = new Liveness(now.AddSeconds(-1), null, null, StreamOpen: true, null, ProbeInFlight: false);
        var silent = new Liveness(TestData.Now, null, null, StreamOpen: true, null, ProbeInFlight: false);
        var livenesses = Enumerable.Range(0, 100).Select(i => i < 10 ? silent : fresh).ToList();

        var stale = livenesses.Count(l => now - l.LastContact >= Policy.Grace);
        Assert.False(DisruptionGuard.Trips(livenesses.Count, stale, Policy));
        var results = livenesses.Select(l => HealthEvaluator.Sweep(ready, l, now, Policy, default)).ToList();

        Assert.Equal(10, results.Count(r => r.Probe && r.ProbeTrigger == DecidedBy.Probe));
        Assert.Equal(90, results.Count(r => ReferenceEquals(r.State, ready) && !r.Probe));
    }

    [Fact]
    public void IsSuspect_NodesStallTogetherWithPhasesSpreadOverOneInterval_AllCountedWhenTheFirstGoesStale()
    {
        // 100 nodes heartbeat every 5 s with phases spread over the interval; 90 stall at TestData.Now.
        var lastBeats = Enumerable.Range(0, 100).Select(i => TestData.Now.AddMilliseconds(-i * 50)).ToList();
        var now = lastBeats[89] + Policy.Grace; // the oldest stalled phase: the first stalled node to be stale
        var live = new Liveness(now.AddSeconds(-1), null, null, StreamOpen: true, null, ProbeInFlight: false);
        var stalled = lastBeats.Take(90).Select(t => new Liveness(t, null, null, StreamOpen: true, null, ProbeInFlight: false)).ToList();
        var all = stalled.Concat(Enumerable.Repeat(live, 10)).ToList();

        var stale = all.Count(l => HealthEvaluator.IsStale(l, now, Policy));
        var suspect = all.Count(l => HealthEvaluator.IsSuspect(l, now, Policy));

        Assert.Equal(1, stale);
        Assert.Equal(90, suspect);
        Assert.True(DisruptionGuard.Trips(all.Count, suspect, Policy));
        Assert.DoesNotContain(all, l => HealthEvaluator.IsStale(l, now, Policy) && !HealthEvaluator.IsSuspect(l, now, Policy));
    }

    [Theory]
    [InlineData(4.9, false)]
    [InlineData(10, true)]
    public void IsSuspect_GraceEqualsInterval_CountsOnlyAfterOneInterval(double silentSeconds, bool suspect)
    {
        var policy = new HealthPolicy { HeartbeatInterval = TimeSpan.FromSeconds(5), GracePeriod = TimeSpan.FromSeconds(5) };
        var liveness = new Liveness(TestData.Now, null, null, StreamOpen: true, null, ProbeInFlight: false);

        Assert.Equal(suspect, HealthEvaluator.IsSuspect(liveness, TestData.Now.AddSeconds(silentSeconds), policy));
    }
}
