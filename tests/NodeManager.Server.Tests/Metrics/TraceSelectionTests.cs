using System.Diagnostics;
using Microsoft.AspNetCore.Http;
using NodeManager.Server.Metrics;
using OpenTelemetry.Trace;

namespace NodeManager.Server.Tests.Metrics;

/// <summary>Which requests start no trace (<see cref="UntracedRequests"/>) and which activities may start one (<see cref="ApiCallSampler"/>).</summary>
public sealed class TraceSelectionTests
{
    [Theory]
    [InlineData("POST", "/nodemanager.v1.HealthService/StreamHeartbeats", false)]
    [InlineData("POST", "/nodemanager.v1.HealthService/ReportHeartbeat", false)]
    [InlineData("POST", "/v1/nodes/01a24acd-947e-75ee-95cd-fcf13e0fe71e/heartbeat", false)]
    [InlineData("POST", "/V1/Nodes/x/Heartbeat", false)]
    [InlineData("GET", "/healthz", false)]
    [InlineData("GET", "/readyz", false)]
    [InlineData("GET", "/metrics", false)]
    [InlineData("POST", "/nodemanager.v1.HealthService/GetNodeHealth", true)]
    [InlineData("POST", "/nodemanager.v1.HealthService/WatchNodeHealth", true)]
    [InlineData("POST", "/nodemanager.v1.NodeService/GetNode", true)]
    [InlineData("GET", "/v1/nodes/x/heartbeat", true)] // no such route: a 405 worth seeing
    [InlineData("POST", "/v1/nodes/heartbeat", true)] // no node id
    [InlineData("POST", "/v1/nodes/x/y/heartbeat", true)]
    [InlineData("GET", "/v1/nodes/x", true)]
    [InlineData("POST", "/v1/nodes", true)]
    [InlineData("GET", "/metrics/x", true)]
    public void ShouldTrace_Request_OnlyApiCallsOtherThanHeartbeats(string method, string path, bool traced)
    {
        var context = new DefaultHttpContext();
        context.Request.Method = method;
        context.Request.Path = path;

        Assert.Equal(traced, UntracedRequests.ShouldTrace(context));
    }

    [Theory]
    [InlineData(ApiCallSampler.RequestActivityName, ActivityKind.Server, 1.0, SamplingDecision.RecordAndSample)]
    [InlineData(ApiCallSampler.RequestActivityName, ActivityKind.Server, 0.0, SamplingDecision.Drop)]
    [InlineData("INodeGrain/GetAsync", ActivityKind.Client, 1.0, SamplingDecision.Drop)] // a grain call of background work
    [InlineData("INodeGrain/GetAsync", ActivityKind.Server, 1.0, SamplingDecision.Drop)] // one arriving without a trace
    [InlineData("activate grain", ActivityKind.Internal, 1.0, SamplingDecision.Drop)]
    [InlineData("postgresql", ActivityKind.Client, 1.0, SamplingDecision.Drop)]
    public void ShouldSample_Root_OnlyIncomingRequests(string name, ActivityKind kind, double ratio, SamplingDecision decision)
    {
        var parameters = new SamplingParameters(default, ActivityTraceId.CreateRandom(), name, kind);

        Assert.Equal(decision, new ApiCallSampler(ratio).ShouldSample(parameters).Decision);
    }

    [Fact]
    public void ShouldSample_InsideTracedRequest_FollowsIt_InsideUntracedRequest_Drops()
    {
        var sampler = new ParentBasedSampler(new ApiCallSampler(1.0));
        var traceId = ActivityTraceId.CreateRandom();
        var traced = new ActivityContext(traceId, ActivitySpanId.CreateRandom(), ActivityTraceFlags.Recorded);
        var untraced = new ActivityContext(traceId, ActivitySpanId.CreateRandom(), ActivityTraceFlags.None);

        Assert.Equal(SamplingDecision.RecordAndSample, sampler.ShouldSample(new SamplingParameters(traced, traceId, "INodeGrain/GetAsync", ActivityKind.Client)).Decision);
        Assert.Equal(SamplingDecision.Drop, sampler.ShouldSample(new SamplingParameters(untraced, traceId, "INodeGrain/HeartbeatAsync", ActivityKind.Client)).Decision);
    }
}
