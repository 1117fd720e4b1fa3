using NodeManager.Simulator.Hosting;

namespace NodeManager.Simulator.Scenarios;

/// <summary>
/// The steps of each scenario (pure, so the sequencing is testable): connect, warm up, open the measured
/// window, act, wait for the server to notice, close the window.
/// </summary>
public static class ScenarioPlan
{
    public static IReadOnlyList<ScenarioStep> For(SimulatorOptions o)
    {
        var steps = new List<ScenarioStep> { new(StepKind.Connect), new(StepKind.Warmup, o.Warmup) };
        var half = o.Duration / 2;
        switch (o.Scenario)
        {
            case ScenarioKind.Steady:
                steps.AddRange([new(StepKind.BeginWindow), new(StepKind.Hold, o.Duration), new(StepKind.EndWindow)]);
                break;
            case ScenarioKind.Kill:
                steps.AddRange([new(StepKind.BeginWindow), new(StepKind.Hold, half), new(StepKind.Kill), new(StepKind.AwaitDetection, o.DetectTimeout), new(StepKind.EndWindow)]);
                break;
            case ScenarioKind.Shutdown:
                steps.AddRange([new(StepKind.BeginWindow), new(StepKind.Hold, half), new(StepKind.Goodbye), new(StepKind.AwaitDetection, o.DetectTimeout), new(StepKind.EndWindow)]);
                break;
            case ScenarioKind.Flap:
                steps.Add(new(StepKind.BeginWindow));
                for (var i = 0; i < o.FlapCycles; i++)
                {
                    steps.AddRange([new(StepKind.Drop), new(StepKind.Hold, o.FlapDown), new(StepKind.Revive), new(StepKind.Hold, o.FlapDown)]);
                }

                steps.Add(new(StepKind.EndWindow));
                break;
            case ScenarioKind.MassOutage:
                steps.AddRange([new(StepKind.BeginWindow), new(StepKind.Hold, half), new(StepKind.Stall), new(StepKind.Hold, o.Outage), new(StepKind.Resume),
                    new(StepKind.AwaitRecovery, o.RecoverTimeout), new(StepKind.EndWindow)]);
                break;
            case ScenarioKind.ReconnectStorm:
                steps.AddRange([new(StepKind.BeginWindow), new(StepKind.Hold, half), new(StepKind.Restart), new(StepKind.AwaitRecovery, o.RecoverTimeout),
                    new(StepKind.Hold, half), new(StepKind.EndWindow)]);
                break;
            case ScenarioKind.Churn:
                steps.AddRange([new(StepKind.BeginWindow), new(StepKind.Churn, o.Duration), new(StepKind.EndWindow)]);
                break;
            case ScenarioKind.Max:
                steps.AddRange(o.MaxRates.Select(rate => new ScenarioStep(StepKind.Rate, o.StepDuration, rate)));
                break;
            default:
                throw new ArgumentOutOfRangeException(nameof(o), o.Scenario, "unknown scenario");
        }

        return steps;
    }
}
