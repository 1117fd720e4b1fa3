using System.Diagnostics;
using Grpc.Core;
using Grpc.Net.Client;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using NodeManager.Contracts.V1;
using NodeManager.Server.Tests.Infrastructure;
using Xunit.Abstractions;

namespace NodeManager.Server.Tests.GrpcProtocol;

/// <summary>
/// Stopping the server with many open heartbeat streams: Grpc.AspNetCore does not end calls at shutdown, so
/// NodeManager ends each stream with UNAVAILABLE itself (on ApplicationStopping); the stop must not wait for the
/// host's 30 s shutdown timeout. Each test has its own server, since it stops it.
/// </summary>
[Collection(GrpcProtocolCollection.Name)]
public sealed class ShutdownTests(ITestOutputHelper output) : IAsyncLifetime
{
    private const int Streams = 2_000;

    /// <summary>A hang guard, far below the host's 30 s shutdown timeout; not a performance target.</summary>
    private static readonly TimeSpan StopLimit = TimeSpan.FromSeconds(15);

    private static readonly TimeSpan Timeout = ProtocolServer.CallTimeout;

    private TestStore? _store;
    private ServerInstance? _server;

    public async Task InitializeAsync()
    {
        _store = await TestStore.CreateAsync(postgres: false);
        _server = await ServerInstance.StartAsync(_store.Args);
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
    }

    [Fact]
    public async Task StreamHeartbeats_ApplicationStoppingWithManyOpenStreams_EveryStreamEndsUnavailableThenStopIsQuick()
    {
        var server = _server!;
        using var channel = ProtocolServer.CreateChannel(server.Grpc);
        var calls = await OpenStreamsAsync(channel);
        try
        {
            // What a SIGTERM does first: ApplicationStopping ends every stream; each status is read before Kestrel stops.
            var ends = calls.Select(EndOfAsync).ToArray();
            var stopwatch = Stopwatch.StartNew();
            server.Services.GetRequiredService<IHostApplicationLifetime>().StopApplication();
            var statuses = await Task.WhenAll(ends).WaitAsync(Timeout);
            var ended = stopwatch.Elapsed;
            _server = null; // stopped here, whatever happens next
            await server.DisposeAsync().AsTask().WaitAsync(Timeout);
            var stopped = stopwatch.Elapsed;

            output.WriteLine($"{Streams} open heartbeat streams: all ended in {ended.TotalMilliseconds:0} ms, the server stopped in {stopped.TotalMilliseconds:0} ms");
            AssertEveryStreamEndedUnavailable(statuses, stopped);
        }
        finally
        {
            Dispose(calls);
        }
    }

    /// <summary>
    /// The host's stop as tests and SIGTERM run it: ApplicationStopping, then Kestrel's graceful stop. Kestrel closes
    /// a connection as soon as its last stream's response is sent, and a client whose connection closes in the same read
    /// as its trailers arrive fails the stream with INTERNAL "the server closed the connection" instead of UNAVAILABLE
    /// (seen on up to all of 2,000 streams on one connection): <c>HeartbeatStreamDrain</c> holds Kestrel's stop until
    /// the streams have ended and the clients have had a moment to read their statuses.
    /// </summary>
    [Fact]
    public async Task StreamHeartbeats_ServerStopsWithManyOpenStreams_EveryStreamEndsUnavailableWellBeforeShutdownTimeout()
    {
        var server = _server!;
        using var channel = ProtocolServer.CreateChannel(server.Grpc);
        var calls = await OpenStreamsAsync(channel);
        try
        {
            var ends = calls.Select(EndOfAsync).ToArray();
            var stopwatch = Stopwatch.StartNew();
            _server = null; // stopped here, whatever happens next
            await server.DisposeAsync().AsTask().WaitAsync(Timeout);
            var stopped = stopwatch.Elapsed;
            var statuses = await Task.WhenAll(ends).WaitAsync(Timeout);

            output.WriteLine($"{Streams} open heartbeat streams; the server stopped in {stopped.TotalMilliseconds:0} ms");
            AssertEveryStreamEndedUnavailable(statuses, stopped);
        }
        finally
        {
            Dispose(calls);
        }
    }

    /// <summary>Each stream ended with the shutdown's UNAVAILABLE, and the stop stayed far below the host's timeout.</summary>
    private void AssertEveryStreamEndedUnavailable(Status[] statuses, TimeSpan stopped)
    {
        Print(statuses);
        Assert.True(stopped < StopLimit, $"the stop took {stopped.TotalSeconds:0.0} s with {Streams} open streams");
        Assert.All(statuses, s =>
        {
            Assert.Equal(StatusCode.Unavailable, s.StatusCode);
            Assert.Contains("shutting down", s.Detail, StringComparison.Ordinal);
        });
    }

    /// <summary>Registers <see cref="Streams"/> nodes and opens a heartbeat stream for each, heard once (one heartbeat, acked).</summary>
    private static async Task<AsyncDuplexStreamingCall<Heartbeat, HeartbeatAck>[]> OpenStreamsAsync(GrpcChannel channel)
    {
        var ids = await RegisterNodesAsync(new NodeService.NodeServiceClient(channel));
        var health = new HealthService.HealthServiceClient(channel);
        return await Task.WhenAll(ids.Select(async id =>
        {
            var call = health.StreamHeartbeats();
            await call.RequestStream.WriteAsync(new Heartbeat { NodeId = id, Seq = 1 }).WaitAsync(Timeout);
            Assert.True(await call.ResponseStream.MoveNext().WaitAsync(Timeout));
            Assert.Equal(1UL, call.ResponseStream.Current.Seq);
            return call;
        })).WaitAsync(TimeSpan.FromSeconds(120));
    }

    private static void Dispose(IEnumerable<AsyncDuplexStreamingCall<Heartbeat, HeartbeatAck>> calls)
    {
        foreach (var call in calls)
        {
            call.Dispose();
        }
    }

    private void Print(IEnumerable<Status> statuses)
    {
        foreach (var group in statuses.GroupBy(s => $"{s.StatusCode} '{s.Detail}'"))
        {
            output.WriteLine($"{group.Count(),5}  {group.Key}");
        }
    }

    /// <summary>Registers <see cref="Streams"/> nodes with one ImportNodes call; returns their ids.</summary>
    private static async Task<List<string>> RegisterNodesAsync(NodeService.NodeServiceClient nodes)
    {
        var import = new ImportNodesRequest();
        import.Nodes.AddRange(Enumerable.Range(0, Streams).Select(i => new Node { Name = $"shutdown-{i}", Ip = $"10.210.{i / 250}.{(i % 250) + 1}" }));

        var response = await nodes.ImportNodesAsync(import, deadline: DateTime.UtcNow + Timeout).ResponseAsync.WaitAsync(Timeout);

        Assert.True(response.Applied, $"import not applied: {response.Summary}");
        var ids = response.Rows.Select(r => r.Id).ToList();
        Assert.Equal(Streams, ids.Distinct().Count(id => id.Length > 0));
        return ids;
    }

    /// <summary>The status the stream ends with (a clean end of the stream is OK, which fails the test).</summary>
    private static async Task<Status> EndOfAsync(AsyncDuplexStreamingCall<Heartbeat, HeartbeatAck> call)
    {
        try
        {
            while (await call.ResponseStream.MoveNext())
            {
            }

            return call.GetStatus();
        }
        catch (RpcException ex)
        {
            return ex.Status;
        }
    }
}
