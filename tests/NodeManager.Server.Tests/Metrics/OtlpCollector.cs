using System.Collections.Concurrent;
using Google.Protobuf;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Connections;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using NodeManager.Server.Tests.Metrics.Otlp;
using NodeManager.Testing;

namespace NodeManager.Server.Tests.Metrics;

/// <summary>
/// A collector stand-in on loopback: accepts OTLP/HTTP protobuf posts on <c>/v1/metrics</c>, <c>/v1/traces</c> and
/// <c>/v1/logs</c> and keeps what they decode to (with <c>otlp.proto</c>). A post that is not protobuf, or does not
/// decode, is answered 400 and counted in <see cref="Rejected"/>.
/// </summary>
public sealed class OtlpCollector : IAsyncDisposable
{
    private readonly WebApplication _app;

    private OtlpCollector(WebApplication app, int port)
    {
        _app = app;
        Endpoint = new Uri($"http://127.0.0.1:{port}");
    }

    public Uri Endpoint { get; }

    public ConcurrentQueue<ExportMetricsServiceRequest> Metrics { get; } = new();

    public ConcurrentQueue<ExportTraceServiceRequest> Traces { get; } = new();

    public ConcurrentQueue<ExportLogsServiceRequest> Logs { get; } = new();

    public ConcurrentQueue<string> Rejected { get; } = new();

    /// <summary>Every span received, with the resource and scope it came in.</summary>
    public IEnumerable<(Resource Resource, InstrumentationScope Scope, Span Span)> Spans =>
        Traces.SelectMany(r => r.ResourceSpans).SelectMany(rs => rs.ScopeSpans.SelectMany(ss => ss.Spans.Select(s => (rs.Resource, ss.Scope, s))));

    /// <summary>Every metric received, with the resource and scope it came in.</summary>
    public IEnumerable<(Resource Resource, InstrumentationScope Scope, Metric Metric)> AllMetrics =>
        Metrics.SelectMany(r => r.ResourceMetrics).SelectMany(rm => rm.ScopeMetrics.SelectMany(sm => sm.Metrics.Select(m => (rm.Resource, sm.Scope, m))));

    public IEnumerable<LogRecord> LogRecords =>
        Logs.SelectMany(r => r.ResourceLogs).SelectMany(rl => rl.ScopeLogs).SelectMany(sl => sl.LogRecords);

    public static async Task<OtlpCollector> StartAsync()
    {
        // A port free a moment ago may be taken by a test running in parallel before Kestrel binds it: a new port, again.
        for (var attempt = 1; ; attempt++)
        {
            var port = LoopbackHost.FreePort();
            var builder = WebApplication.CreateSlimBuilder();
            builder.Configuration.Sources.Clear();
            builder.Logging.SetMinimumLevel(LogLevel.Warning);
            builder.WebHost.ConfigureKestrel(k => k.Listen(System.Net.IPAddress.Loopback, port));
            var app = builder.Build();
            var collector = new OtlpCollector(app, port);
            app.MapPost("/v1/metrics", (HttpContext context) => collector.ReceiveAsync(context, ExportMetricsServiceRequest.Parser, collector.Metrics));
            app.MapPost("/v1/traces", (HttpContext context) => collector.ReceiveAsync(context, ExportTraceServiceRequest.Parser, collector.Traces));
            app.MapPost("/v1/logs", (HttpContext context) => collector.ReceiveAsync(context, ExportLogsServiceRequest.Parser, collector.Logs));
            try
            {
                await app.StartAsync().WaitAsync(TestTimeout.Default);
                return collector;
            }
            catch (IOException ex) when (attempt < 5 && ex.InnerException is AddressInUseException)
            {
                await app.DisposeAsync();
            }
        }
    }

    private async Task ReceiveAsync<T>(HttpContext context, MessageParser<T> parser, ConcurrentQueue<T> into)
        where T : IMessage<T>
    {
        using var body = new MemoryStream();
        await context.Request.Body.CopyToAsync(body);
        if (context.Request.ContentType != "application/x-protobuf")
        {
            Rejected.Enqueue($"{context.Request.Path}: content type {context.Request.ContentType}");
            context.Response.StatusCode = StatusCodes.Status415UnsupportedMediaType;
            return;
        }

        try
        {
            into.Enqueue(parser.ParseFrom(body.ToArray()));
        }
        catch (InvalidProtocolBufferException ex)
        {
            Rejected.Enqueue($"{context.Request.Path}: {ex.Message}");
            context.Response.StatusCode = StatusCodes.Status400BadRequest;
        }
    }

    /// <summary>Waits (up to 30 s) for what <paramref name="find"/> finds in what arrived so far.</summary>
    public async Task<T> WaitForAsync<T>(string what, Func<T?> find)
        where T : class
    {
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (true)
        {
            if (find() is { } found)
            {
                return found;
            }

            if (DateTime.UtcNow > deadline)
            {
                throw new Xunit.Sdk.XunitException($"the collector did not receive {what} in 30 s (posts: {Metrics.Count} metrics, " +
                    $"{Traces.Count} traces, {Logs.Count} logs; rejected: {string.Join("; ", Rejected)})");
            }

            await Task.Delay(100);
        }
    }

    public static string? Attribute(IEnumerable<KeyValue> attributes, string key) =>
        attributes.FirstOrDefault(a => a.Key == key)?.Value is { } value
            ? value.ValueCase switch
            {
                AnyValue.ValueOneofCase.StringValue => value.StringValue,
                AnyValue.ValueOneofCase.IntValue => value.IntValue.ToString(System.Globalization.CultureInfo.InvariantCulture),
                AnyValue.ValueOneofCase.BoolValue => value.BoolValue ? "true" : "false",
                AnyValue.ValueOneofCase.DoubleValue => value.DoubleValue.ToString(System.Globalization.CultureInfo.InvariantCulture),
                _ => null,
            }
            : null;

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync().WaitAsync(TestTimeout.Default);
        await _app.DisposeAsync();
    }
}
