using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using Grpc.Core;
using Microsoft.Extensions.DependencyInjection;
using NodeManager.Contracts.V1;
using NodeManager.Core.Storage;
using NodeManager.Server.Hosting;
using NodeManager.Server.Nodes;

namespace NodeManager.Benchmarks;

/// <summary>
/// Unary <c>nodemanager.v1.NodeService/GetNode</c> against the real NodeManager server with Grpc.Net.Client: C concurrent
/// callers on one HTTP/2 connection for a fixed time after a warm-up at the same load; calls/s, p50/p99 latency, and
/// CPU time and bytes allocated per call. The server is either hosted in this process (SQLite in a temporary directory;
/// the CPU figure is then client and server together) or a running one given by URL (<c>--server</c>), whose own CPU
/// time is read from its process (<c>--server-pid</c>): the same client measures two server builds back to back
/// (<c>eng/bench.sh</c> with <c>BASELINE=</c>). In-process only, two reference lines: the store read and the service
/// method without the wire.
/// </summary>
public static class GrpcBenchmark
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public static async Task RunAsync(UnaryOptions options, string dir)
    {
        using var sampler = options.AllocProfile ? new AllocationSampler() : null;
        if (options.Server is { } server)
        {
            using var channel = BenchChannel.Create(server, multipleConnections: false);
            var client = new NodeService.NodeServiceClient(channel);
            var ids = options.NodeId is { } id ? [id] : await FindOrCreateNodesAsync(client, options.Concurrency);
            await MeasureAsync(client, ids, options, server, options.ServerPid is { } pid ? ServerCpu.OfProcess(pid) : ServerCpu.Unknown, sampler);
            return;
        }

        var grpc = $"http://127.0.0.1:{InventoryBenchmark.FreePort()}";
        var app = NodeManagerApp.Create([
            $"--Kestrel:Endpoints:Http:Url=http://127.0.0.1:{InventoryBenchmark.FreePort()}", $"--Kestrel:Endpoints:Grpc:Url={grpc}", "--Kestrel:Endpoints:Grpc:Protocols=Http2",
            "--Logging:LogLevel:Default=Warning", "--Logging:LogLevel:Microsoft.Hosting.Lifetime=Warning", $"--NodeManager:Storage:Sqlite:Path={Path.Combine(dir, "grpc.db")}"]);
        await app.StartAsync();
        try
        {
            using var channel = BenchChannel.Create(grpc, multipleConnections: false);
            var client = new NodeService.NodeServiceClient(channel);
            var ids = options.NodeId is { } id ? [id] : await FindOrCreateNodesAsync(client, options.Concurrency);

            var store = app.Services.GetRequiredService<INodeStore>();
            var guids = ids.Select(Guid.Parse).ToArray();
            await InProcessLoadAsync("store: INodeStore.GetAsync", i => store.GetAsync(guids[i % guids.Length], CancellationToken.None), options.Duration, sampler);
            var service = app.Services.GetRequiredService<NodeServiceImpl>();
            var requests = ids.Select(i => new GetNodeRequest { Id = i }).ToArray();
            await InProcessLoadAsync("service: NodeServiceImpl.GetNode (store + mapping)", i => service.GetNode(requests[i % requests.Length], CancellationToken.None), options.Duration, sampler);
            await InProcessLoadAsync("service: NodeServiceImpl.GetNode (store + mapping)", i => service.GetNode(requests[i % requests.Length], CancellationToken.None), options.Duration, sampler, options.Concurrency);

            await MeasureAsync(client, ids, options, grpc, ServerCpu.ThisProcess, sampler);
        }
        finally
        {
            await app.StopAsync();
            await app.DisposeAsync();
        }
    }

    /// <summary>Up to <paramref name="count"/> node ids from ListNodes; on an empty server, that many nodes created.</summary>
    private static async Task<string[]> FindOrCreateNodesAsync(NodeService.NodeServiceClient client, int count)
    {
        count = Math.Min(count, 1000);
        var listed = await client.ListNodesAsync(new ListNodesRequest { PageSize = count });
        if (listed.Nodes.Count > 0)
        {
            return [.. listed.Nodes.Select(n => n.Id)];
        }

        var ids = new string[count];
        for (var i = 0; i < count; i++)
        {
            // 198.18.0.0/15 is the benchmarking range (RFC 2544): no clash with a real inventory's addresses.
            ids[i] = (await client.CreateNodeAsync(new CreateNodeRequest { Node = new Node { Name = $"bench-getnode-{i:D4}", Ip = $"198.18.{i / 250}.{i % 250 + 1}" } })).Id;
        }

        Console.WriteLine($"grpc: the server had no nodes; created {count} with CreateNode");
        return ids;
    }

    private static async Task MeasureAsync(NodeService.NodeServiceClient client, string[] ids, UnaryOptions options, string server, ServerCpu serverCpu, AllocationSampler? sampler)
    {
        await UnaryLoadAsync(client, ids, options.Concurrency, options.WarmUp);
        var cost = Cost.Start(sampler);
        var serverStart = serverCpu.Read();
        var result = await UnaryLoadAsync(client, ids, options.Concurrency, options.Duration);
        var serverEnd = serverCpu.Read();
        var clientCost = cost.Stop(result.Calls, sampler);
        double? serverCpuUs = serverStart is { } start && serverEnd is { } end && result.Calls > 0 ? (end - start).TotalMicroseconds / result.Calls : null;
        var cpu = serverCpu == ServerCpu.ThisProcess
            ? $"{clientCost} (client and server: one process)"
            : $"server {(serverCpuUs is { } us ? $"{us:F1} µs CPU/call" : "CPU n/a")} ({serverCpu.Source}); client {clientCost}";
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"grpc: unary GetNode on {server}, {options.Concurrency} concurrent calls on one HTTP/2 connection, {options.Duration.TotalSeconds:F0} s after {options.WarmUp.TotalSeconds:F0} s warm-up: {result.Rate:F0} calls/s, p50 {result.P50:F2} ms, p99 {result.P99:F2} ms, errors {result.Errors}; per call: {cpu}"));
        if (options.Json is { } file)
        {
            var line = new UnaryResult(
                options.Label, server, options.Concurrency, options.Duration.TotalSeconds, options.WarmUp.TotalSeconds, result.Calls, result.Errors, result.Rate, result.P50, result.P99,
                serverCpu == ServerCpu.ThisProcess ? clientCost.CpuMicroseconds : serverCpuUs, serverCpu.Source, clientCost.CpuMicroseconds, clientCost.Bytes, InventoryBenchmark.LoadAverage(),
                Environment.CommandLine);
            await File.AppendAllTextAsync(file, JsonSerializer.Serialize(line, Json) + "\n");
        }
    }

    private static async Task<LoadResult> UnaryLoadAsync(NodeService.NodeServiceClient client, string[] ids, int concurrency, TimeSpan duration)
    {
        var latencies = Enumerable.Range(0, concurrency).Select(_ => new List<double>(4096)).ToArray();
        var errors = 0L;
        var clock = Stopwatch.StartNew();
        await Task.WhenAll(Enumerable.Range(0, concurrency).Select(async c =>
        {
            var mine = latencies[c];
            var request = new GetNodeRequest { Id = ids[c % ids.Length] };
            while (clock.Elapsed < duration && mine.Count < 10_000_000)
            {
                var start = Stopwatch.GetTimestamp();
                try
                {
                    using var call = client.GetNodeAsync(request);
                    await call.ResponseAsync;
                    mine.Add(Stopwatch.GetElapsedTime(start).TotalMilliseconds);
                }
                catch (RpcException)
                {
                    Interlocked.Increment(ref errors);
                }
            }
        }));
        var elapsed = clock.Elapsed;
        var all = latencies.SelectMany(l => l).Order().ToArray();
        return all.Length == 0
            ? new(0, errors, 0, double.NaN, double.NaN)
            : new(all.Length, errors, all.Length / elapsed.TotalSeconds, all[all.Length / 2], all[(int)(all.Length * 0.99)]);
    }

    /// <summary>A read without the wire, from C callers on the thread pool: what GetNode costs beyond it.</summary>
    private static async Task InProcessLoadAsync<T>(string name, Func<long, Task<T>> call, TimeSpan duration, AllocationSampler? sampler, int callers = 1)
    {
        var cost = Cost.Start(sampler);
        var clock = Stopwatch.StartNew();
        var seconds = Math.Max(1, duration.TotalSeconds / 5);
        var calls = 0L;
        await Task.WhenAll(Enumerable.Range(0, callers).Select(c => Task.Run(async () =>
        {
            var mine = 0L;
            while (clock.Elapsed.TotalSeconds < seconds)
            {
                _ = await call(mine++ + c);
            }

            Interlocked.Add(ref calls, mine);
        })));
        Console.WriteLine($"{name} alone, {callers} caller(s): {calls / clock.Elapsed.TotalSeconds:F0} calls/s, {cost.Stop(calls, sampler)}/call");
    }

    private readonly record struct LoadResult(long Calls, long Errors, double Rate, double P50, double P99);

    /// <summary>One line of <c>--json</c>; <c>eng/bench.sh</c> reads it with jq.</summary>
    private sealed record UnaryResult(
        string? Label, string Server, int Concurrency, double Seconds, double WarmupSeconds, long Calls, long Errors, double CallsPerSec, double P50Ms, double P99Ms,
        double? ServerCpuUsPerCall, string ServerCpuSource, double ClientCpuUsPerCall, long ClientBytesPerCall, string LoadAverage, string Command);

    /// <summary>Where the server's CPU time is read: its process, this process (in-process host), or nowhere.</summary>
    private sealed class ServerCpu(string source, Func<TimeSpan?> read)
    {
        public static readonly ServerCpu Unknown = new("not measured: give --server-pid", () => null);

        public static readonly ServerCpu ThisProcess = new("this process: client and server", () =>
        {
            using var self = Process.GetCurrentProcess();
            return self.TotalProcessorTime;
        });

        public string Source => source;

        public static ServerCpu OfProcess(int pid) => new($"process {pid}", () =>
        {
            try
            {
                using var process = Process.GetProcessById(pid);
                return process.TotalProcessorTime;
            }
            catch (Exception ex) when (ex is ArgumentException or InvalidOperationException)
            {
                return null;
            }
        });

        public TimeSpan? Read() => read();
    }

    /// <summary>CPU time, bytes allocated and exceptions thrown in this process over one measurement, reported per call.</summary>
    private readonly record struct Cost(TimeSpan Cpu, long Allocated, long Exceptions)
    {
        private static long s_exceptions;

        static Cost() => AppDomain.CurrentDomain.FirstChanceException += (_, _) => Interlocked.Increment(ref s_exceptions);

        public static Cost Start(AllocationSampler? sampler)
        {
            sampler?.Start();
            using var self = Process.GetCurrentProcess();
            return new(self.TotalProcessorTime, GC.GetTotalAllocatedBytes(), Interlocked.Read(ref s_exceptions));
        }

        public PerCall Stop(long count, AllocationSampler? sampler)
        {
            using var self = Process.GetCurrentProcess();
            var cpu = self.TotalProcessorTime - Cpu;
            var bytes = GC.GetTotalAllocatedBytes() - Allocated;
            var exceptions = Interlocked.Read(ref s_exceptions) - Exceptions;
            count = Math.Max(1, count);
            if (sampler is not null)
            {
                Console.WriteLine("  allocations by type (sampled):" + Environment.NewLine + "    " + string.Join(Environment.NewLine + "    ", sampler.Stop()));
            }

            return new(cpu.TotalMicroseconds / count, bytes / count, (double)exceptions / count);
        }
    }

    private readonly record struct PerCall(double CpuMicroseconds, long Bytes, double Exceptions)
    {
        public override string ToString() =>
            string.Create(CultureInfo.InvariantCulture, $"{CpuMicroseconds:F1} µs CPU, {Bytes} B allocated, {Exceptions:F2} exceptions");
    }
}
