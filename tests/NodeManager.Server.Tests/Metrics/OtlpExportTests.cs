using System.Collections.Concurrent;
using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Connections;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using NodeManager.Server.Tests.Infrastructure;
using NodeManager.Testing;

namespace NodeManager.Server.Tests.Metrics;

/// <summary>OTLP/HTTP export to a collector stand-in on loopback that records what the real exporter posts.</summary>
public sealed class OtlpExportTests : IAsyncLifetime
{
    private readonly ConcurrentQueue<(string Path, string ContentType, byte[] Body)> _received = new();
    private WebApplication? _collector;
    private TestStore? _store;
    private ServerInstance? _server;

    public async Task InitializeAsync()
    {
        var port = await StartCollectorAsync();

        _store = await TestStore.CreateAsync(postgres: false);
        _server = await ServerInstance.StartAsync(_store.Args,
            $"--NodeManager:Telemetry:OtlpEndpoint=http://localhost:{port}",
            "--NodeManager:Telemetry:ExportInterval=00:00:00.2",
            "--NodeManager:Telemetry:Traces=true",
            "--NodeManager:Telemetry:ServiceName=nm-under-test");
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
            await _collector.StopAsync().WaitAsync(TestTimeout.Default);
            await _collector.DisposeAsync();
        }
    }

    [Fact]
    public async Task Export_EndpointConfigured_MetricsAndRequestTracesPostedAsOtlpProtobuf()
    {
        Assert.Equal("ok", await _server!.Client.GetStringAsync("/healthz").WaitAsync(TestTimeout.Default));

        var metrics = await ReceivedAsync("/v1/metrics", "nodemanager.nodes");
        var traces = await ReceivedAsync("/v1/traces", "Microsoft.AspNetCore"); // the instrumentation scope of request spans

        Assert.Equal("application/x-protobuf", metrics.ContentType);
        Assert.Contains("nm-under-test", Encoding.UTF8.GetString(metrics.Body), StringComparison.Ordinal);
        Assert.Equal("application/x-protobuf", traces.ContentType);
    }

    /// <summary>Starts the collector stand-in on a free loopback port; returns the port.</summary>
    private async Task<int> StartCollectorAsync()
    {
        // A port free a moment ago may be taken by a test running in parallel before Kestrel binds it: a new port, again.
        for (var attempt = 1; ; attempt++)
        {
            var port = LoopbackHost.FreePort();
            var builder = WebApplication.CreateSlimBuilder();
            builder.Configuration.Sources.Clear();
            builder.Logging.SetMinimumLevel(LogLevel.Warning);
            builder.WebHost.ConfigureKestrel(k => k.ListenLocalhost(port));
            var collector = builder.Build();
            collector.MapPost("/{**path}", async (HttpContext context) =>
            {
                using var body = new MemoryStream();
                await context.Request.Body.CopyToAsync(body);
                _received.Enqueue((context.Request.Path.Value ?? "", context.Request.ContentType ?? "", body.ToArray()));
                return Results.Ok();
            });
            try
            {
                await collector.StartAsync().WaitAsync(TestTimeout.Default);
                _collector = collector;
                return port;
            }
            catch (IOException ex) when (attempt < 5 && ex.InnerException is AddressInUseException)
            {
                await collector.DisposeAsync();
            }
        }
    }

    /// <summary>The first post to <paramref name="path"/> whose protobuf body carries <paramref name="text"/> (strings are UTF-8 in it).</summary>
    private async Task<(string Path, string ContentType, byte[] Body)> ReceivedAsync(string path, string text)
    {
        var deadline = DateTime.UtcNow.AddSeconds(20);
        while (DateTime.UtcNow < deadline)
        {
            foreach (var post in _received)
            {
                if (post.Path == path && Encoding.UTF8.GetString(post.Body).Contains(text, StringComparison.Ordinal))
                {
                    return post;
                }
            }

            await Task.Delay(100);
        }

        throw new Xunit.Sdk.XunitException($"no OTLP post to {path} carrying '{text}' in 20 s; got: {string.Join(", ", _received.Select(r => r.Path))}");
    }
}
