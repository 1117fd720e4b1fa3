using System.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using NodeManager.Contracts.V1;
using NodeManager.Core.Storage;
using NodeManager.Grpc;
using NodeManager.Server.Hosting;

namespace NodeManager.Benchmarks;

/// <summary>
/// gRPC figures with our client against one server process (both in this process, on loopback):
/// unary <c>GetNode</c> (wire + SQLite read) and unary <c>Echo</c> (the same request and response
/// sizes with no I/O: wire cost alone) with C concurrent calls over one connection, and client-streaming
/// messages/s into a counting sink on 1 stream and on 1,000 streams (the shape heartbeats take).
/// Each line also gives CPU time (client + server) and bytes allocated per call or message, which
/// say more than the rate on a machine that is busy with other work.
/// </summary>
public static class GrpcBenchmark
{
    private const string Sink = "nodemanager.bench.v1.Sink";
    private const string Echo = "nodemanager.bench.v1.Echo";

    public static async Task RunAsync(int concurrency, int seconds, string dir, bool allocProfile)
    {
        var http = $"http://127.0.0.1:{InventoryBenchmark.FreePort()}";
        var grpc = $"http://127.0.0.1:{InventoryBenchmark.FreePort()}";
        var app = NodeManagerApp.Create([$"--Kestrel:Endpoints:Http:Url={http}", $"--Kestrel:Endpoints:Grpc:Url={grpc}", "--Kestrel:Endpoints:Grpc:Protocols=Http2",
            "--Logging:LogLevel:Default=Warning", "--Logging:LogLevel:Microsoft.Hosting.Lifetime=Warning", $"--NodeManager:Storage:Sqlite:Path={Path.Combine(dir, "grpc.db")}"]);
        long received = 0;
        app.MapGrpcService(Sink).ClientStreaming<GetNodeRequest, DeleteNodeResponse>("Count", GetNodeRequest.Parser, async (requests, context) =>
        {
            var count = 0L;
            while (await requests.MoveNext(context.CancellationToken))
            {
                count++;
            }

            Interlocked.Add(ref received, count);
            return new DeleteNodeResponse { Id = count.ToString(System.Globalization.CultureInfo.InvariantCulture) };
        });
        Node? echoed = null;
        app.MapGrpcService(Echo).Unary<GetNodeRequest, Node>("Get", GetNodeRequest.Parser, (_, _) => Task.FromResult(echoed!));
        RawHttp2Floor.Map(app, () => echoed!);
        await app.StartAsync();
        using var sampler = allocProfile ? new AllocationSampler() : null;
        try
        {
            using var channel = GrpcChannel.ForAddress(grpc, new GrpcChannelOptions { EnableMultipleHttp2Connections = false });
            var create = new Method<CreateNodeRequest, Node>("nodemanager.v1.NodeService", "CreateNode", Node.Parser);
            var ids = new List<string>();
            for (var i = 0; i < 200; i++)
            {
                ids.Add((await channel.UnaryAsync(create, new CreateNodeRequest { Node = new Node { Name = $"g{i}", Ip = $"10.9.{i / 250}.{i % 250 + 1}" } })).Id);
            }

            var store = app.Services.GetRequiredService<INodeStore>();
            var guids = ids.Select(Guid.Parse).ToArray();
            await InProcessLoadAsync("store: INodeStore.GetAsync", i => store.GetAsync(guids[i % guids.Length], CancellationToken.None), seconds, sampler);
            var service = app.Services.GetRequiredService<NodeManager.Server.Nodes.NodeServiceImpl>();
            var requests = ids.Select(id => new GetNodeRequest { Id = id }).ToArray();
            await InProcessLoadAsync("service: NodeServiceImpl.GetNode (store + mapping)", i => service.GetNode(requests[i % requests.Length], CancellationToken.None), seconds, sampler);
            await InProcessLoadAsync("service: NodeServiceImpl.GetNode (store + mapping)", i => service.GetNode(requests[i % requests.Length], CancellationToken.None), seconds, sampler, concurrency);
            var get = new Method<GetNodeRequest, Node>("nodemanager.v1.NodeService", "GetNode", Node.Parser);
            echoed = await channel.UnaryAsync(get, new GetNodeRequest { Id = ids[0] });
            var echo = new Method<GetNodeRequest, Node>(Echo, "Get", Node.Parser);
            // Warm-up round over every unary line: tiered JIT (tier 0 → instrumented → tier 1) of the client, Kestrel and
            // our layer takes several seconds on a busy 2-core machine, and without it the first line measured pays for it
            // (Echo measured first: ~5x the CPU per call of Echo measured after GetNode).
            var warmUp = TimeSpan.FromSeconds(Math.Min(5, seconds));
            await UnaryLoadAsync(channel, echo, ids, concurrency, warmUp);
            await UnaryLoadAsync(channel, get, ids, concurrency, warmUp);
            await RawHttp2Floor.RunAsync(grpc, new GetNodeRequest { Id = ids[0] }, concurrency, warmUp);
            foreach (var (name, method) in new[] { ("GetNode", get), ("Echo (no I/O, same sizes)", echo) })
            {
                var cost = Cost.Start(sampler);
                var (calls, rate, p50, p99) = await UnaryLoadAsync(channel, method, ids, concurrency, TimeSpan.FromSeconds(seconds));
                Console.WriteLine($"grpc: unary {name}, {concurrency} concurrent calls on one connection, {seconds} s: {rate:F0} calls/s, p50 {p50:F2} ms, p99 {p99:F2} ms, {cost.Stop(calls, sampler)}/call");
            }

            {
                var cost = Cost.Start(sampler);
                var (calls, rate) = await RawHttp2Floor.RunAsync(grpc, new GetNodeRequest { Id = ids[0] }, concurrency, TimeSpan.FromSeconds(seconds));
                Console.WriteLine($"floor: bare SocketsHttpHandler → bare Kestrel endpoint, same bytes and trailers, {concurrency} concurrent on one connection: {rate:F0} calls/s, {cost.Stop(calls, sampler)}/call");
            }

            var count = new Method<GetNodeRequest, DeleteNodeResponse>(Sink, "Count", DeleteNodeResponse.Parser, MethodType.ClientStreaming);
            foreach (var streams in new[] { 1, 1000 })
            {
                Interlocked.Exchange(ref received, 0);
                var cost = Cost.Start(sampler);
                var watch = Stopwatch.StartNew();
                var perStream = streams == 1 ? 2_000_000 : 2_000;
                await StreamLoadAsync(channel, count, streams, perStream, TimeSpan.FromSeconds(seconds * 3));
                watch.Stop();
                var total = Interlocked.Read(ref received);
                Console.WriteLine($"grpc: client streaming, {streams} stream(s) on one connection: {total} messages in {watch.Elapsed.TotalSeconds:F2} s = {total / watch.Elapsed.TotalSeconds:F0} messages/s, {cost.Stop(total, sampler)}/message");
            }
        }
        finally
        {
            await app.StopAsync();
            await app.DisposeAsync();
        }
    }

    private static async Task<(long Calls, double Rate, double P50, double P99)> UnaryLoadAsync(GrpcChannel channel, Method<GetNodeRequest, Node> get, List<string> ids, int concurrency, TimeSpan duration)
    {
        var latencies = Enumerable.Range(0, concurrency).Select(_ => new List<double>(4096)).ToArray();
        var clock = Stopwatch.StartNew();
        await Task.WhenAll(Enumerable.Range(0, concurrency).Select(async c =>
        {
            var mine = latencies[c];
            var request = new GetNodeRequest { Id = ids[c % ids.Count] };
            while (clock.Elapsed < duration && mine.Count < 10_000_000)
            {
                var start = Stopwatch.GetTimestamp();
                await channel.UnaryAsync(get, request);
                mine.Add(Stopwatch.GetElapsedTime(start).TotalMilliseconds);
            }
        }));
        var elapsed = clock.Elapsed;
        var all = latencies.SelectMany(l => l).Order().ToArray();
        return (all.Length, all.Length / elapsed.TotalSeconds, all[all.Length / 2], all[(int)(all.Length * 0.99)]);
    }

    /// <summary>A read without the wire, from C callers on the thread pool: what GetNode costs beyond it.</summary>
    private static async Task InProcessLoadAsync<T>(string name, Func<long, Task<T>> call, int seconds, AllocationSampler? sampler, int callers = 1)
    {
        var cost = Cost.Start(sampler);
        var clock = Stopwatch.StartNew();
        var calls = 0L;
        await Task.WhenAll(Enumerable.Range(0, callers).Select(c => Task.Run(async () =>
        {
            var mine = 0L;
            while (clock.Elapsed.TotalSeconds < Math.Max(1, seconds / 5))
            {
                _ = await call(mine++ + c);
            }

            Interlocked.Add(ref calls, mine);
        })));
        Console.WriteLine($"{name} alone, {callers} caller(s): {calls / clock.Elapsed.TotalSeconds:F0} calls/s, {cost.Stop(calls, sampler)}/call");
    }

    private static async Task StreamLoadAsync(GrpcChannel channel, Method<GetNodeRequest, DeleteNodeResponse> count, int streams, int perStream, TimeSpan limit)
    {
        using var stop = new CancellationTokenSource(limit);
        var message = new GetNodeRequest { Id = "3fa85f64-5717-4562-b3fc-2c963f66afa6" };
        await Task.WhenAll(Enumerable.Range(0, streams).Select(async _ =>
        {
            try
            {
                using var call = channel.ClientStreaming(count, new CallOptions(CancellationToken: stop.Token));
                for (var i = 0; i < perStream && !stop.IsCancellationRequested; i++)
                {
                    await call.RequestStream.WriteAsync(message);
                }

                await call.RequestStream.CompleteAsync();
                await call.ResponseAsync;
            }
            catch (RpcException ex) when (ex.StatusCode == StatusCode.Cancelled && stop.IsCancellationRequested)
            {
                // Out of time: only the messages the server counted are reported.
            }
        }));
        if (stop.IsCancellationRequested)
        {
            Console.WriteLine($"grpc: (streams stopped after {limit.TotalSeconds:F0} s; the rate counts completed streams only)");
        }
    }

    /// <summary>CPU time, bytes allocated and exceptions thrown over one measurement, reported per call or message.</summary>
    private readonly record struct Cost(TimeSpan Cpu, long Allocated, long Exceptions)
    {
        private static long s_exceptions;

        static Cost() => AppDomain.CurrentDomain.FirstChanceException += (_, _) => Interlocked.Increment(ref s_exceptions);

        public static Cost Start(AllocationSampler? sampler)
        {
            sampler?.Start();
            return new(Process.GetCurrentProcess().TotalProcessorTime, GC.GetTotalAllocatedBytes(), Interlocked.Read(ref s_exceptions));
        }

        public string Stop(long count, AllocationSampler? sampler)
        {
            var cpu = Process.GetCurrentProcess().TotalProcessorTime - Cpu;
            var bytes = GC.GetTotalAllocatedBytes() - Allocated;
            var exceptions = Interlocked.Read(ref s_exceptions) - Exceptions;
            count = Math.Max(1, count);
            if (sampler is not null)
            {
                Console.WriteLine("  allocations by type (sampled):" + Environment.NewLine + "    " + string.Join(Environment.NewLine + "    ", sampler.Stop()));
            }

            return $"{cpu.TotalMicroseconds / count:F1} µs CPU, {bytes / count} B allocated, {(double)exceptions / count:F2} exceptions";
        }
    }
}
