using System.Diagnostics;
using System.Globalization;
using Grpc.Core;
using Grpc.Net.Client;
using Microsoft.AspNetCore.Builder;
using NodeManager.Contracts.V1;
using NodeManager.Server.Hosting;

namespace NodeManager.Benchmarks;

/// <summary>
/// Health figures against one in-process server (SQLite, loopback): heartbeats/s ingested from many
/// concurrent streams (each sends its next heartbeat when the previous one is acked), and detection
/// latency — a stream killed abruptly, its agent not answering probes → NOT_READY seen on a watch —
/// at a given heartbeat interval. The client is Grpc.Net.Client over one <see cref="SocketsHttpHandler"/> that opens a
/// further HTTP/2 connection whenever one is at the server's stream limit. It flushes every write and refuses a write
/// while another is pending, so each stream has one awaited writer: write, await, then the next.
/// </summary>
public static class HealthBenchmark
{
    public static async Task RunAsync(int streams, int seconds, string dir)
    {
        await using (var server = await StartAsync(dir, "ingest", TimeSpan.FromSeconds(5)))
        {
            var ids = await ImportAsync(server.Nodes, streams, agentPort: 0);
            var (acks, elapsed) = await IngestAsync(server.Health, ids, TimeSpan.FromSeconds(seconds));
            Console.WriteLine($"health: {streams} heartbeat streams, ack-paced, {elapsed.TotalSeconds:F1} s: {acks / elapsed.TotalSeconds:F0} heartbeats/s ingested");
        }

        foreach (var interval in new[] { TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(5) })
        {
            await using var server = await StartAsync(dir, $"detect{interval.TotalSeconds}", interval);
            var latencies = await DetectionAsync(server, interval, nodes: 200, killed: 40);
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"health: detection at interval {interval.TotalSeconds:F0} s (grace 3 intervals, probe timeout 2 s, sweep 1 s), {latencies.Count} of 40 killed streams seen NOT_READY: p50 {Percentile(latencies, 0.5):F2} s, p99 {Percentile(latencies, 0.99):F2} s, max {latencies.DefaultIfEmpty().Max():F2} s"));
        }
    }

    private static async Task<List<string>> ImportAsync(NodeService.NodeServiceClient nodes, int count, int agentPort)
    {
        var request = new ImportNodesRequest();
        for (var i = 0; i < count; i++)
        {
            request.Nodes.Add(new Node { Name = $"h{i:D6}", Ip = $"10.{i >> 16 & 255}.{i >> 8 & 255}.{i & 255}", ManagementAddress = "127.0.0.1", AgentPort = agentPort });
        }

        var report = await nodes.ImportNodesAsync(request);
        return report.Rows.Select(r => r.Id).ToList();
    }

    private static async Task<(long Acks, TimeSpan Elapsed)> IngestAsync(HealthService.HealthServiceClient health, List<string> ids, TimeSpan duration)
    {
        long acks = 0;
        var clock = Stopwatch.StartNew();
        using var stop = new CancellationTokenSource(duration + TimeSpan.FromSeconds(30));
        await Task.WhenAll(ids.Select(async id =>
        {
            using var call = health.StreamHeartbeats(cancellationToken: stop.Token);
            ulong seq = 0;
            var heartbeat = new Heartbeat { NodeId = id };
            while (clock.Elapsed < duration)
            {
                heartbeat.Seq = ++seq;
                await call.RequestStream.WriteAsync(heartbeat); // serialized and flushed before it completes: the message may be reused
                if (!await call.ResponseStream.MoveNext(stop.Token))
                {
                    return;
                }

                Interlocked.Increment(ref acks);
            }

            // Half-close, then read to the server's status, so the stream ends cleanly rather than by reset.
            await call.RequestStream.CompleteAsync();
            while (await call.ResponseStream.MoveNext(stop.Token))
            {
            }
        }));
        return (acks, clock.Elapsed);
    }

    private static async Task<List<double>> DetectionAsync(Server server, TimeSpan interval, int nodes, int killed)
    {
        var closedPort = InventoryBenchmark.FreePort();
        var ids = await ImportAsync(server.Nodes, nodes, closedPort);
        using var stop = new CancellationTokenSource(TimeSpan.FromMinutes(3));
        using var finish = new CancellationTokenSource();

        // Each stream's call is cancelled by its own Kill (linked to stop): the client resets the stream, as a dead
        // agent's would end. The live ones leave at the end as an agent stopping does: half-close, then the status.
        var calls = ids.Select(id =>
        {
            var kill = CancellationTokenSource.CreateLinkedTokenSource(stop.Token);
            return (Id: id, Call: server.Health.StreamHeartbeats(cancellationToken: kill.Token), Kill: kill);
        }).ToList();
        var senders = calls.Select(c => Task.Run(async () =>
        {
            ulong seq = 0;
            using var pause = CancellationTokenSource.CreateLinkedTokenSource(c.Kill.Token, finish.Token);
            try
            {
                try
                {
                    while (!pause.IsCancellationRequested)
                    {
                        await c.Call.RequestStream.WriteAsync(new Heartbeat { NodeId = c.Id, Seq = ++seq });
                        await c.Call.ResponseStream.MoveNext(c.Kill.Token);
                        await Task.Delay(interval, pause.Token);
                    }
                }
                catch (OperationCanceledException) when (finish.IsCancellationRequested && !c.Kill.IsCancellationRequested)
                {
                }

                if (!c.Kill.IsCancellationRequested)
                {
                    await c.Call.RequestStream.CompleteAsync();
                    while (await c.Call.ResponseStream.MoveNext(c.Kill.Token))
                    {
                    }
                }
            }
            catch (OperationCanceledException)
            {
            }
            catch (RpcException ex) when (ex.StatusCode == StatusCode.Cancelled && c.Kill.IsCancellationRequested)
            {
            }
        })).ToList();

        await Task.Delay(interval * 4);
        var revision = (await server.Nodes.ListNodesAsync(new ListNodesRequest { PageSize = 1 })).Revision;
        using var watch = server.Health.WatchNodeHealth(new WatchNodeHealthRequest { AfterRevision = revision });
        var killedAt = new Dictionary<string, long>();
        foreach (var victim in calls.Take(killed))
        {
            killedAt[victim.Id] = Stopwatch.GetTimestamp();
            victim.Kill.Cancel();
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
        finish.Cancel();
        await Task.WhenAll(senders);
        calls.ForEach(c =>
        {
            c.Call.Dispose();
            c.Kill.Dispose();
        });
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
        var channel = BenchChannel.Create(grpc, multipleConnections: true);
        return new Server(app, channel, new NodeService.NodeServiceClient(channel), new HealthService.HealthServiceClient(channel));
    }

    private sealed record Server(WebApplication App, GrpcChannel Channel, NodeService.NodeServiceClient Nodes, HealthService.HealthServiceClient Health) : IAsyncDisposable
    {
        public async ValueTask DisposeAsync()
        {
            Channel.Dispose();
            await App.StopAsync();
            await App.DisposeAsync();
        }
    }
}
