using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace NodeManager.Simulator.Reports;

/// <summary>Renders a report as a human table and as one JSON line prefixed <c>SIMREPORT </c>.</summary>
public static class ReportWriter
{
    public const string JsonPrefix = "SIMREPORT ";

    private static readonly JsonSerializerOptions Json = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    };

    public static string JsonLine(SimulationReport report) => JsonSerializer.Serialize(report, Json);

    public static string Table(SimulationReport r)
    {
        var t = new StringBuilder();
        void Row(string name, string value) => t.AppendLine(CultureInfo.InvariantCulture, $"  {name,-34} {value}");
        static string F(double? v, string format = "F2") => v is null || double.IsNaN(v.Value) ? "-" : v.Value.ToString(format, CultureInfo.InvariantCulture);
        t.AppendLine(CultureInfo.InvariantCulture, $"scenario {r.Scenario}: {r.Nodes:N0} nodes, {r.Mode} ({r.Connections:N0} connections), interval {r.IntervalSeconds:0.###} s, window {r.WindowSeconds:F1} s, load {r.LoadAverage} {r.Label}");
        Row("heartbeats/s achieved / target", $"{F(r.AchievedHbPerSec, "N0")} / {F(r.TargetHbPerSec, "N0")} ({F(r.RateRatio * 100, "F2")} %)");
        Row("sent / acked / lost / late / skipped", $"{r.Sent:N0} / {r.Acked:N0} / {r.Lost:N0} / {r.Late:N0} / {r.Skipped:N0}");
        Row("ack latency p50 / p99 / p999 / max", $"{F(r.AckP50Ms)} / {F(r.AckP99Ms)} / {F(r.AckP999Ms)} / {F(r.AckMaxMs)} ms");
        Row("simulator send lag p99 / cores", $"{F(r.SendLagP99Ms)} ms / {F(r.SimulatorCores)}");
        Row("stream errors / send errors / reconnects", $"{r.StreamErrors:N0} / {r.SendErrors:N0} / {r.Reconnects:N0}");
        if (r.ReconnectsTo is not null && r.ConnectedTo is not null)
        {
            Row("per endpoint: reconnects to / connected", string.Join(", ", r.ConnectedTo.Keys.Select(e => $"{e} {r.ReconnectsTo.GetValueOrDefault(e):N0} / {r.ConnectedTo[e]:N0}")));
        }

        if (r.Victims > 0)
        {
            Row("victims detected", $"{r.Detected:N0} of {r.Victims:N0}");
            Row("detection p50 / p99 / max", $"{F(r.DetectP50S)} / {F(r.DetectP99S)} / {F(r.DetectMaxS)} s");
            Row("  decided by the server at", $"{F(r.DecideP50S)} / {F(r.DecideP99S)} / {F(r.DecideMaxS)} s");
        }

        Row("false transitions / bad-status acks", $"{r.FalseTransitions:N0} / {r.BadStatusAcks:N0}");
        if (r.GuardSeen is not null)
        {
            Row("disruption guard seen", r.GuardSeen.Value ? "yes" : "no");
        }

        if (r.RecoverySeconds is not null || r.RestartSeconds is not null)
        {
            Row("restart / all READY again", $"{F(r.RestartSeconds)} s / {F(r.RecoverySeconds)} s; NOT_READY/DOWN at end {r.NotReadyAtEnd?.ToString(CultureInfo.InvariantCulture) ?? "-"}");
        }

        if (r.ChurnOps is not null)
        {
            Row("churn register+deregister / errors", $"{r.ChurnOps:N0} / {r.ChurnErrors:N0}");
        }

        if (r.ServerCpuSecondsPer100k is not null)
        {
            Row("server CPU-s per 100k heartbeats", $"{F(r.ServerCpuSecondsPer100k, "F3")} ({F(r.ServerCores)} cores)");
            Row("server RSS peak / window / per node", $"{Mib(r.ServerPeakRssBytes)} / {Mib(r.ServerWindowRssBytes)} / {F(r.RssBytesPerNode, "N0")} B");
        }

        foreach (var step in r.Steps)
        {
            Row($"  rate {step.TargetHbPerSec:N0}/s", $"achieved {F(step.AchievedHbPerSec, "N0")}, p99 {F(step.AckP99Ms)} ms, lost {step.Lost}, cpu/100k {F(step.ServerCpuSecondsPer100k, "F3")}");
        }

        if (r.MaxSustainedHbPerSec is not null)
        {
            Row("max sustained (p99 under limit)", $"{F(r.MaxSustainedHbPerSec, "N0")} heartbeats/s");
        }

        Row("result", r.Passed ? "PASS" : "FAIL: " + string.Join("; ", r.Failures));
        return t.ToString();
    }

    private static string Mib(long? bytes) => bytes is null ? "-" : string.Create(CultureInfo.InvariantCulture, $"{bytes.Value / 1048576.0:F0} MiB");
}
