using NodeManager.Simulator.Hosting;
using NodeManager.Simulator.Scenarios;

namespace NodeManager.Simulator.Tests.Scenarios;

public sealed class ScenarioPlanTests
{
    public static TheoryData<ScenarioKind> AllScenarios() => new(Enum.GetValues<ScenarioKind>());

    [Theory]
    [MemberData(nameof(AllScenarios))]
    public void For_EveryScenario_ConnectsAndWarmsUpFirst(ScenarioKind kind)
    {
        var steps = ScenarioPlan.For(Options(kind));
        Assert.Equal(StepKind.Connect, steps[0].Kind);
        Assert.Equal(StepKind.Warmup, steps[1].Kind);
    }

    [Theory]
    [MemberData(nameof(AllScenarios))]
    public void For_EveryScenarioButMax_OneWindowThatActsInside(ScenarioKind kind)
    {
        if (kind == ScenarioKind.Max)
        {
            return;
        }

        var kinds = ScenarioPlan.For(Options(kind)).Select(s => s.Kind).ToList();
        var begin = kinds.IndexOf(StepKind.BeginWindow);
        var end = kinds.IndexOf(StepKind.EndWindow);
        Assert.Equal(1, kinds.Count(k => k == StepKind.BeginWindow));
        Assert.Equal(kinds.Count - 1, end);
        Assert.All(kinds.Skip(begin + 1).Take(end - begin - 1), k => Assert.NotEqual(StepKind.Connect, k));
    }

    [Fact]
    public void For_Kill_KillsMidWindowThenAwaitsDetectionWithTheTimeout()
    {
        var o = Options(ScenarioKind.Kill);
        var steps = ScenarioPlan.For(o);
        Assert.Equal([StepKind.Connect, StepKind.Warmup, StepKind.BeginWindow, StepKind.Hold, StepKind.Kill, StepKind.AwaitDetection, StepKind.EndWindow],
            steps.Select(s => s.Kind));
        Assert.Equal(o.Duration / 2, steps[3].Duration);
        Assert.Equal(o.DetectTimeout, steps[5].Duration);
    }

    [Fact]
    public void For_MassOutage_StallsForTheOutageThenResumesAndAwaitsRecovery()
    {
        var kinds = ScenarioPlan.For(Options(ScenarioKind.MassOutage)).Select(s => s.Kind).ToList();
        var stall = kinds.IndexOf(StepKind.Stall);
        Assert.Equal([StepKind.Stall, StepKind.Hold, StepKind.Resume, StepKind.AwaitRecovery, StepKind.EndWindow], kinds.Skip(stall));
    }

    [Fact]
    public void For_Flap_EveryCycleDropsThenRevives()
    {
        var o = Options(ScenarioKind.Flap);
        o.FlapCycles = 4;
        var kinds = ScenarioPlan.For(o).Select(s => s.Kind).ToList();
        Assert.Equal(4, kinds.Count(k => k == StepKind.Drop));
        Assert.Equal(4, kinds.Count(k => k == StepKind.Revive));
        Assert.True(kinds.LastIndexOf(StepKind.Revive) > kinds.LastIndexOf(StepKind.Drop));
    }

    [Fact]
    public void For_ReconnectStorm_RestartsThenAwaitsRecovery()
    {
        var kinds = ScenarioPlan.For(Options(ScenarioKind.ReconnectStorm)).Select(s => s.Kind).ToList();
        Assert.Equal(kinds.IndexOf(StepKind.Restart) + 1, kinds.IndexOf(StepKind.AwaitRecovery));
    }

    [Fact]
    public void For_Max_OneRateStepPerRateInOrder()
    {
        var o = Options(ScenarioKind.Max);
        o.MaxRates = [1000, 2000, 5000];
        var rates = ScenarioPlan.For(o).Where(s => s.Kind == StepKind.Rate).Select(s => s.Rate);
        Assert.Equal([1000, 2000, 5000], rates);
    }

    private static SimulatorOptions Options(ScenarioKind kind) => new() { Scenario = kind, RestartCommand = "true" };
}
