using System.Diagnostics;
using System.Globalization;
using Microsoft.AspNetCore.Builder;
using NodeManager.Contracts.V1;
using NodeManager.Grpc;
using NodeManager.Server.Hosting;

namespace NodeManager.Benchmarks;

/// <summary>
/// Health figures against one in-process server (SQLite, loopback): heartbeats/s ingested from many
/// concurrent streams (each sends its next heartbeat when the previous one is acked), and detection
/// latency — a stream killed abruptly, its agent not answering probes → NOT_READY seen on a watch —
/// at a given heartbeat interval.
/// </summary>
public static class HealthBenchmark
{
    private const string Health = "nodemanager.v1.HealthService";
    private static readonly Method<Heartbeat, HeartbeatAck> Stream = new(Health, "StreamHeartbeats", HeartbeatAck.Parser, MethodType.DuplexStreaming);
    private static readonly Method<WatchNodeHealthRequest, NodeHealthEvent> Watch = new(Health, "WatchNodeHealth", NodeHealthEvent.Parser, MethodType.ServerStreaming);
    private static readonly Method<ListNodesRequest, ListNodesResponse> List = new("nodemanager.v1.NodeService", "ListNodes", ListNodesResponse.Parser);
    private static readonly Method<ImportNodesRequest, ImportNodesResponse> Import = new("nodemanager.v1.NodeService", "ImportNodes", ImportNodesResponse.Parser);

    public static async Task RunAsync(int streams, int seconds, string dir)
    {
        await using (var server = await StartAsync(dir, "ingest", TimeSpan.FromSeconds(5)))
        {
            var ids = await ImportAsync(server.Channel, streams, agentPort: 0);
            var (acks, elapsed) = await IngestAsync(server.Channel, ids, TimeSpan.FromSeconds(seconds));
            Console.WriteLine($"health: {streams} heartbeat streams, ack-paced, {elapsed.TotalSeconds:F1} s: {acks / elapsed.TotalSeconds:F0} heartbeats/s ingested");
        }

        foreach (var interval in new[] { TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(5) })
        {
            await using var server = await StartAsync(dir, $"detect{interval.TotalSeconds}", interval);
            var latencies = await DetectionAsync(server.Channel, interval, nodes: 200, killed: 40);
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"health: detection at interval {interval.TotalSeconds:F0} s (grace 3 intervals, probe timeout 2 s, sweep 1 s), {latencies.Count} of 40 killed streams seen NOT_READY: p50 {Percentile(latencies, 0.5):F2} s, p99 {Percentile(latencies, 0.99):F2} s, max {latencies.DefaultIfEmpty().Max():F2} s"));
        }
    }

    private static async Task<List<string>> ImportAsync(GrpcChannel channel, int count, int agentPort)
    {
        var request = new ImportNodesRequest();
        for (var i = 0; i < count; i++)
        {
            request.Nodes.Add(new Node { Name = $"h{i:D6}", Ip = $"10.{i >> 16 & 255}.{i >> 8 & 255}.{i & 255}", ManagementAddress = "127.0.0.1", AgentPort = agentPort });
        }

        var report = await channel.UnaryAsync(Import, request);
        return report.Rows.Select(r => r.Id).ToList();
    }

    private static async Task<(long Acks, TimeSpan Elapsed)> IngestAsync(GrpcChannel channel, List<string> ids, TimeSpan duration)
    {
        long acks = 0;
        var clock = Stopwatch.StartNew();
        using var stop = new CancellationTokenSource(duration + TimeSpan.FromSeconds(30));
        await Task.WhenAll(ids.Select(async id =>
        {
            using var call = channel.DuplexStreaming(Stream, new CallOptions(CancellationToken: stop.Token));
            ulong seq = 0;
            var heartbeat = new Heartbeat { NodeId = id };
            while (clock.Elapsed < duration)
            {
                heartbeat.Seq = ++seq;
                await call.RequestStream.WriteAsync(heartbeat);
                if (!await call.ResponseStream.MoveNext(stop.Token))
                {
                    break;
                }

                Interlocked.Increment(ref acks);
            }

            await call.RequestStream.CompleteAsync();
        }));
        return (acks, clock.Elapsed);
    }

    private static async Task<List<double>> DetectionAsync(GrpcChannel channel, TimeSpan interval, int nodes, int killed)
    {
        var closedPort = InventoryBenchmark.FreePort();
        var ids = await ImportAsync(channel, nodes, closedPort);
        using var stop = new CancellationTokenSource(TimeSpan.FromMinutes(3));
        var calls = ids.Select(id => (Id: id, Call: channel.DuplexStreaming(Stream, new CallOptions(CancellationToken: stop.Token)), Kill: new CancellationTokenSource())).ToList();
        var senders = calls.Select(c => Task.Run(async () =>
        {
            ulong seq = 0;
            try
            {
                while (!c.Kill.IsCancellationRequested && !stop.IsCancellationRequested)
                {
                    await c.Call.RequestStream.WriteAsync(new Heartbeat { NodeId = c.Id, Seq = ++seq });
                    await c.Call.ResponseStream.MoveNext(stop.Token);
                    await Task.Delay(interval, c.Kill.Token);
                }
            }
            catch (OperationCanceledException)
            {
            }
        })).ToList();

        await Task.Delay(interval * 4);
        var revision = (await channel.UnaryAsync(List, new ListNodesRequest { PageSize = 1 })).Revision;
        using var watch = channel.ServerStreaming(Watch, new WatchNodeHealthRequest { AfterRevision = revision });
        var killedAt = new Dictionary<string, long>();
        foreach (var victim in calls.Take(killed))
        {
            killedAt[victim.Id] = Stopwatch.GetTimestamp();
            victim.Kill.Cancel();
            victim.Call.Dispose();
        }

        var latencies = new List<double>();
        var falseTransitions = 0;
        using var deadline = new CancellationTokenSource(interval * 3 + TimeSpan.FromSeconds(30));
        try
        {
            while (latencies.Count < killed && await watch.ResponseStream.MoveNext(deadline.Token))
            {
                var health = watch.ResponseStream.Current.Health;
                if (health.Status != HealthStatus.NotReady)
                {
                    continue;
                }

                if (killedAt.Remove(health.NodeId, out var start))
                {
                    latencies.Add(Stopwatch.GetElapsedTime(start).TotalSeconds);
                }
                else
                {
                    falseTransitions++;
                }
            }
        }
        catch (Exception ex) when (ex is OperationCanceledException or RpcException)
        {
        }

        Console.WriteLine($"health: interval {interval.TotalSeconds:F0} s: false NOT_READY transitions among the {nodes - killed} live nodes: {falseTransitions}");
        stop.Cancel();
        await Task.WhenAll(senders);
        calls.ForEach(c => c.Call.Dispose());
        return latencies;
    }

    private static double Percentile(List<double> values, double p)
    {
        if (values.Count == 0)
        {
            return double.NaN;
        }

        var sorted = values.Order().ToList();
        return sorted[Math.Min(sorted.Count - 1, (int)(sorted.Count * p))];
    }

    private static async Task<Server> StartAsync(string dir, string name, TimeSpan interval)
    {
        var grpc = $"http://127.0.0.1:{InventoryBenchmark.FreePort()}";
        var app = NodeManagerApp.Create([
            $"--Kestrel:Endpoints:Http:Url=http://127.0.0.1:{InventoryBenchmark.FreePort()}", $"--Kestrel:Endpoints:Grpc:Url={grpc}", "--Kestrel:Endpoints:Grpc:Protocols=Http2",
            "--Logging:LogLevel:Default=Warning", "--Logging:LogLevel:Microsoft.Hosting.Lifetime=Warning",
            $"--NodeManager:Storage:Sqlite:Path={Path.Combine(dir, name + ".db")}",
            $"--NodeManager:Health:HeartbeatInterval={interval}", "--NodeManager:Health:StartupGrace=00:00:00"]);
        await app.StartAsync();
        return new Server(app, GrpcChannel.ForAddress(grpc));
    }

    private sealed record Server(WebApplication App, GrpcChannel Channel) : IAsyncDisposable
    {
        public async ValueTask DisposeAsync()
        {
            Channel.Dispose();
            await App.StopAsync();
            await App.DisposeAsync();
        }
    }
}
