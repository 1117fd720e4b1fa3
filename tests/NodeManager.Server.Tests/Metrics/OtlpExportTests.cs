using System.Net;
using Grpc.Net.Client;
using NodeManager.Contracts.V1;
using NodeManager.Server.Tests.Infrastructure;
using NodeManager.Server.Tests.Metrics.Otlp;
using NodeManager.Testing;

namespace NodeManager.Server.Tests.Metrics;

/// <summary>
/// OTLP/HTTP export from the real server to a collector stand-in on loopback that decodes the protobuf: our meter's
/// metrics, a trace of a REST call with the grain call it made, none of heartbeats, probes or scrapes, and log
/// records that carry the trace and span they were written in.
/// </summary>
public sealed class OtlpExportTests(OtlpExportTests.Fixture fixture) : IClassFixture<OtlpExportTests.Fixture>
{
    private const int ServerKind = 2; // SPAN_KIND_SERVER

    [Fact]
    public async Task Export_EndpointConfigured_OurMetersArriveWithTheServiceName()
    {
        var server = fixture.Server;
        var id = await fixture.RegisterAsync("metrics");
        var beat = await server.Client.PostAsync($"/v1/nodes/{id}/heartbeat", Json.Body("""{"seq": 1}"""));
        Assert.Equal(HttpStatusCode.OK, beat.StatusCode);

        var heartbeats = await fixture.Collector.WaitForAsync("nodemanager.heartbeats", () =>
            fixture.Collector.AllMetrics.LastOrDefault(m => m.Metric.Name == "nodemanager.heartbeats" && m.Metric.Sum.DataPoints.Sum(p => p.AsInt) >= 1) is { Metric: not null } found ? found.Metric : null);
        Assert.True(heartbeats.Sum.IsMonotonic);
        var ready = await fixture.Collector.WaitForAsync("nodemanager.nodes with a ready node", () =>
            fixture.Collector.AllMetrics.Select(m => m.Metric).LastOrDefault(m => m.Name == "nodemanager.nodes"
                && m.Gauge.DataPoints.Any(p => OtlpCollector.Attribute(p.Attributes, "status") == "ready" && p.AsInt >= 1)));
        Assert.Equal("{node}", ready.Unit);

        var received = fixture.Collector.AllMetrics.ToList();
        Assert.All(received, m => Assert.Equal("nm-under-test", OtlpCollector.Attribute(m.Resource.Attributes, "service.name")));
        var scopes = received.Select(m => m.Scope.Name).ToHashSet();
        Assert.Contains("NodeManager", scopes);
        Assert.Contains("Microsoft.Orleans", scopes);
        Assert.Contains("Microsoft.AspNetCore.Hosting", scopes);
        Assert.Contains("System.Runtime", scopes);
        Assert.Contains(received, m => m.Metric.Name == "http.server.request.duration" && m.Metric.Histogram.DataPoints.Count > 0);
        Assert.Empty(fixture.Collector.Rejected);
    }

    [Fact]
    public async Task Export_RestCalls_TracedWithTheirGrainCallsAndActivations_HeartbeatsProbesAndScrapesNot()
    {
        var server = fixture.Server;
        var id = await fixture.RegisterAsync("traces");

        // Heartbeats three ways, and the calls that run every few seconds: none of them may start a trace.
        Assert.Equal(HttpStatusCode.OK, (await server.Client.PostAsync($"/v1/nodes/{id}/heartbeat", Json.Body("""{"seq": 1}"""))).StatusCode);
        using var channel = GrpcChannel.ForAddress(server.Grpc);
        var health = new HealthService.HealthServiceClient(channel);
        await health.ReportHeartbeatAsync(new Heartbeat { NodeId = id, Seq = 2 }, deadline: DateTime.UtcNow.Add(TestTimeout.Default));
        using (var stream = health.StreamHeartbeats(deadline: DateTime.UtcNow.Add(TestTimeout.Default)))
        {
            for (ulong seq = 3; seq < 6; seq++)
            {
                await stream.RequestStream.WriteAsync(new Heartbeat { NodeId = id, Seq = seq });
                Assert.True(await stream.ResponseStream.MoveNext(CancellationToken.None));
                Assert.Equal(seq, stream.ResponseStream.Current.Seq);
            }

            await stream.RequestStream.CompleteAsync();
            while (await stream.ResponseStream.MoveNext(CancellationToken.None))
            {
            }
        }

        Assert.Equal("ok", await server.Client.GetStringAsync("/healthz"));
        (await server.Client.GetAsync("/readyz")).EnsureSuccessStatusCode();
        (await server.Client.GetAsync("/metrics")).EnsureSuccessStatusCode();

        // The API call, after all of them: spans are exported in the order they end, so once it is in, they would be.
        Assert.Equal(HttpStatusCode.OK, (await server.Client.GetAsync($"/v1/nodes/{id}")).StatusCode);
        var call = await fixture.Collector.WaitForAsync("the span of GET /v1/nodes/{id}", () =>
            fixture.Collector.Spans.Select(s => s.Span).FirstOrDefault(s => OtlpCollector.Attribute(s.Attributes, "url.path") == $"/v1/nodes/{id}"));
        Assert.Equal(ServerKind, call.Kind);
        Assert.Equal("GET", OtlpCollector.Attribute(call.Attributes, "http.request.method"));
        Assert.Equal("/v1/nodes/{id}", OtlpCollector.Attribute(call.Attributes, "http.route"));
        var grainCall = fixture.Collector.Spans.Where(s => s.Scope.Name == "Microsoft.Orleans.Application" && s.Span.TraceId == call.TraceId).ToList();
        // The grain call made for the read, in the call's trace: its client side a child of the request's span.
        Assert.Contains(grainCall, s => s.Span.ParentSpanId == call.SpanId
            && OtlpCollector.Attribute(s.Span.Attributes, "rpc.method") == "NodeManager.Abstractions.Nodes.INodeGrain/GetAsync");

        // The node's grain was activated by the create that registered it: Orleans' lifecycle span is in that call's trace.
        var grainId = "node/" + Guid.Parse(id).ToString("N");
        var activation = await fixture.Collector.WaitForAsync("the activation span of the node's grain", () =>
            fixture.Collector.Spans.Where(s => s.Scope.Name == "Microsoft.Orleans.Lifecycle" && s.Span.Name == "activate grain"
                && OtlpCollector.Attribute(s.Span.Attributes, "orleans.grain.id") == grainId).Select(s => s.Span).FirstOrDefault());
        Assert.Contains(fixture.Collector.Spans, s => s.Span.TraceId == activation.TraceId && s.Span.Kind == ServerKind
            && OtlpCollector.Attribute(s.Span.Attributes, "url.path") == "/v1/nodes" && OtlpCollector.Attribute(s.Span.Attributes, "http.request.method") == "POST");

        var untraced = fixture.Collector.Spans.Select(s => s.Span).Where(s =>
            s.Name.Contains("heartbeat", StringComparison.OrdinalIgnoreCase)
            || (OtlpCollector.Attribute(s.Attributes, "url.path") ?? "") is var path
            && (path.Contains("heartbeat", StringComparison.OrdinalIgnoreCase) || path is "/healthz" or "/readyz" or "/metrics")).ToList();
        Assert.True(untraced.Count == 0, "spans of heartbeats, probes or scrapes: " + string.Join(", ", untraced.Select(s => $"{s.Name} {OtlpCollector.Attribute(s.Attributes, "url.path")}")));
        Assert.Empty(fixture.Collector.Rejected);
    }

    [Fact]
    public async Task Export_LogWrittenInRequest_CarriesTheRequestsTraceAndSpan()
    {
        var server = fixture.Server;
        var id = await fixture.RegisterAsync("logs");
        Assert.Equal(HttpStatusCode.OK, (await server.Client.GetAsync($"/v1/nodes/{id}?logs")).StatusCode);

        var call = await fixture.Collector.WaitForAsync("the span of GET /v1/nodes/{id}?logs", () =>
            fixture.Collector.Spans.Select(s => s.Span).FirstOrDefault(s =>
                OtlpCollector.Attribute(s.Attributes, "url.path") == $"/v1/nodes/{id}" && OtlpCollector.Attribute(s.Attributes, "url.query") is not null));
        var started = await fixture.Collector.WaitForAsync("the 'Request starting' log record of that call", () =>
            fixture.Collector.LogRecords.FirstOrDefault(r => r.Body?.StringValue is { } body
                && body.StartsWith("Request starting", StringComparison.Ordinal) && body.Contains($"/v1/nodes/{id}?logs", StringComparison.Ordinal)));
        Assert.Equal(call.TraceId, started.TraceId);
        Assert.Equal(call.SpanId, started.SpanId);
        Assert.Empty(fixture.Collector.Rejected);
    }

    /// <summary>One collector and one server exporting to it (metrics every 200 ms, spans and logs within 200 ms).</summary>
    public sealed class Fixture : IAsyncLifetime
    {
        private TestStore? _store;
        private ServerInstance? _server;
        private OtlpCollector? _collector;
        private int _nodes;

        public ServerInstance Server => _server!;

        public OtlpCollector Collector => _collector!;

        public async Task InitializeAsync()
        {
            _collector = await OtlpCollector.StartAsync();
            _store = await TestStore.CreateAsync(postgres: false);
            _server = await ServerInstance.StartAsync(_store.Args,
                $"--NodeManager:Telemetry:OtlpEndpoint={_collector.Endpoint}",
                "--NodeManager:Telemetry:ExportInterval=00:00:00.2",
                "--NodeManager:Telemetry:ServiceName=nm-under-test",
                "--OTEL_BSP_SCHEDULE_DELAY=200",
                "--OTEL_BLRP_SCHEDULE_DELAY=200",
                "--Logging:LogLevel:Microsoft.AspNetCore.Hosting.Diagnostics=Information");
        }

        /// <summary>Registers a node; returns its id.</summary>
        public async Task<string> RegisterAsync(string test)
        {
            var created = await Server.Client.PostAsync("/v1/nodes", Json.Body(Json.NodeJson(100 + Interlocked.Increment(ref _nodes))));
            Assert.Equal(HttpStatusCode.Created, created.StatusCode);
            return (await Json.ReadAsync(created))["id"]!.GetValue<string>() ?? throw new InvalidOperationException(test);
        }

        public async Task DisposeAsync()
        {
            if (_server is not null)
            {
                await _server.DisposeAsync();
            }

            if (_store is not null)
            {
                await _store.DisposeAsync();
            }

            if (_collector is not null)
            {
                await _collector.DisposeAsync();
            }
        }
    }
}
