using NodeManager.Core.Health;
using static NodeManager.Core.Health.HealthStatus;
using static NodeManager.Core.Tests.Health.AgentConditions;
using static NodeManager.Core.Tests.Health.ScenarioStep;

namespace NodeManager.Core.Tests.Health;

/// <summary>Single calls of <see cref="HealthEvaluator"/>; whole timelines are in <see cref="HealthScenarioTests"/>.</summary>
public sealed class HealthEvaluatorTests
{
    private static readonly HealthPolicy Policy = new();

    private static NodeHealthState ReadyState() =>
        HealthEvaluator.OnHeartbeat(NodeHealthState.Initial(HealthScenario.NodeId, TestData.Earlier), 0, [], TestData.Now, Policy).State;

    private static DateTimeOffset At(double seconds) => TestData.Now + TimeSpan.FromSeconds(seconds);

    [Fact]
    public void OnHeartbeat_FirstHeartbeat_ReadyAtServerTime()
    {
        var state = ReadyState();

        Assert.Equal(Ready, state.Status);
        Assert.Equal(DecidedBy.Heartbeat, state.DecidedBy);
        Assert.Equal(TestData.Now, state.LastTransitionTime);
        Assert.True(HealthEvaluator.IsTransition(NodeHealthState.Initial(HealthScenario.NodeId, TestData.Earlier), state));
    }

    [Fact]
    public void OnHeartbeat_SteadyReadyWithSameConditions_ReturnsSameInstance()
    {
        var (state, _) = HealthEvaluator.OnHeartbeat(ReadyState(), 0, [Warning("MemoryPressure")], At(5), Policy);

        var (next, streak) = HealthEvaluator.OnHeartbeat(state, 0, [Warning("MemoryPressure")], At(10), Policy);

        Assert.Same(state, next);
        Assert.Equal(0, streak);
        Assert.False(HealthEvaluator.IsTransition(state, next));
    }

    [Fact]
    public void IsTransition_OnlyHeartbeatTimeDiffers_False()
    {
        var state = ReadyState();

        Assert.False(HealthEvaluator.IsTransition(state, state with { LastHeartbeatTime = At(5) }));
        Assert.True(HealthEvaluator.IsTransition(state, state with { FlapCount = 1 }));
        Assert.True(HealthEvaluator.IsTransition(state, state with { Conditions = [Warning("MemoryPressure")] }));
    }

    [Fact]
    public void OnHeartbeat_AgentTransitionTime_ReplacedByServerTime()
    {
        var (state, _) = HealthEvaluator.OnHeartbeat(ReadyState(), 0, [Warning("MemoryPressure")], At(5), Policy);

        var condition = Assert.Single(state.Conditions);
        Assert.Equal(At(5), condition.LastTransitionTime);
        Assert.Equal(HealthCondition.AgentSource, condition.Source);
    }

    [Fact]
    public void OnStreamClosed_BrokenWithoutGoodbye_ReturnsSameInstance()
    {
        var state = ReadyState();

        Assert.Same(state, HealthEvaluator.OnStreamClosed(state, goodbye: false, At(1)));
    }

    [Fact]
    public void OnStreamClosed_Goodbye_NotReadyAtOnceWithTransitionTime()
    {
        var state = HealthEvaluator.OnStreamClosed(ReadyState(), goodbye: true, At(3));

        Assert.Equal((NotReady, "AgentShutdown", DecidedBy.AgentShutdown, 1), (state.Status, state.Reason, state.DecidedBy, state.FlapCount));
        Assert.Equal(At(3), state.LastTransitionTime);
    }

    [Fact]
    public void Sweep_StreamBrokenForOneInterval_ProbesWithStreamClosedTrigger()
    {
        var liveness = new Liveness(At(0), null, null, StreamOpen: false, StreamClosedAt: At(2), ProbeInFlight: false);

        Assert.False(HealthEvaluator.Sweep(ReadyState(), liveness, At(6.999), Policy, default).Probe);
        var result = HealthEvaluator.Sweep(ReadyState(), liveness, At(7), Policy, default);

        Assert.Equal((true, DecidedBy.StreamClosed), (result.Probe, result.ProbeTrigger));
    }

    [Fact]
    public void OnProbeResult_OkAfterFailedProbe_StaysNotReadyUntilGoodHeartbeats() =>
        new HealthScenario("probe ok after a failed probe does not bypass hysteresis",
            Heartbeat(0),
            Sweep(15).Probes(DecidedBy.Probe),
            ProbeFails(16).Is(NotReady, "ProbeFailed", DecidedBy.Probe).Flaps(1),
            Sweep(21).Probes(DecidedBy.Probe),
            ProbeOk(22).Is(NotReady).Flaps(1),
            Sweep(37).Probes(DecidedBy.Probe),
            ProbeFails(38).Is(NotReady).Flaps(1),
            Heartbeat(40).Is(NotReady),
            Heartbeat(45).Is(Ready, "Recovered", DecidedBy.Heartbeat).Flaps(1)).Run();

    [Fact]
    public void OnProbeResult_OkWhileDown_StaysDownUntilGoodHeartbeats() =>
        new HealthScenario("probe ok after DOWN does not bypass hysteresis",
            Heartbeat(0),
            Sweep(15).Probes(DecidedBy.Probe),
            ProbeFails(16).Is(NotReady),
            Sweep(59).Probes(DecidedBy.Probe),
            Sweep(60).Is(Down, "NoContact", DecidedBy.Heartbeat),
            ProbeOk(61).Is(Down).Flaps(1),
            Heartbeat(62).Is(Down),
            Heartbeat(67).Is(Ready, "Recovered", DecidedBy.Heartbeat).Flaps(1)).Run();
}
