using System.Diagnostics;
using OpenTelemetry.Trace;

namespace NodeManager.Server.Metrics;

/// <summary>
/// Decides which traces start: an incoming API call (ASP.NET Core's request activity), at
/// <see cref="TelemetryOptions.TraceSampleRatio"/>. Nothing else starts one: a grain call, an activation, a store
/// query made by background work (health sweeps, heartbeat-time flushes, timers) is traced only inside a traced
/// request (<see cref="ParentBasedSampler"/> around this one), so the work that scales with the fleet costs no spans.
/// </summary>
public sealed class ApiCallSampler(double ratio) : Sampler
{
    /// <summary>The operation name ASP.NET Core gives every request's activity when it starts it.</summary>
    public const string RequestActivityName = "Microsoft.AspNetCore.Hosting.HttpRequestIn";

    private readonly TraceIdRatioBasedSampler _ratio = new(ratio);

    public override SamplingResult ShouldSample(in SamplingParameters samplingParameters) =>
        samplingParameters.Kind == ActivityKind.Server && samplingParameters.Name == RequestActivityName
            ? _ratio.ShouldSample(samplingParameters)
            : new SamplingResult(SamplingDecision.Drop);
}
