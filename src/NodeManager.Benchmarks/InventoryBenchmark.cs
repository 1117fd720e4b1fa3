using System.Diagnostics;
using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using NodeManager.Server.Hosting;

namespace NodeManager.Benchmarks;

/// <summary>
/// Inventory figures: import of N nodes from a file through <c>POST /v1/nodes:import</c> into
/// each store, a second (unchanged) import, and single-node GET throughput over REST with C
/// concurrent clients. The server runs in this process on loopback; client and server share the
/// machine, so read the figures with its load in mind.
/// </summary>
public static class InventoryBenchmark
{
    public static async Task RunAsync(string[] args, string dir)
    {
        var nodes = BenchArgs.Int(args, "--nodes", 100_000);
        var clients = BenchArgs.Int(args, "--clients", 32);
        var seconds = BenchArgs.Int(args, "--seconds", 10);
        var postgres = BenchArgs.String(args, "--postgres") ?? Environment.GetEnvironmentVariable("NODEMANAGER_TEST_POSTGRES");
        var file = BuildFile(nodes);
        Console.WriteLine($"node file: {nodes} nodes, {file.Length / 1_048_576.0:F1} MiB");

        await RunStoreAsync("sqlite", [$"--NodeManager:Storage:Sqlite:Path={Path.Combine(dir, "bench.db")}"], file, nodes, clients, seconds);
        if (string.IsNullOrEmpty(postgres))
        {
            Console.WriteLine("postgres: skipped (give --postgres or NODEMANAGER_TEST_POSTGRES)");
            return;
        }

        var database = await PostgresDatabase.CreateAsync(postgres);
        try
        {
            await RunStoreAsync("postgres", ["--NodeManager:Storage:Provider=Postgres", $"--ConnectionStrings:NodeManager={database.ConnectionString}"], file, nodes, clients, seconds);
        }
        finally
        {
            await database.DropAsync();
        }
    }

    private static async Task RunStoreAsync(string store, string[] storeArgs, string file, int nodes, int clients, int seconds)
    {
        var url = $"http://127.0.0.1:{FreePort()}";
        var app = NodeManagerApp.Create([$"--Kestrel:Endpoints:Http:Url={url}", $"--Kestrel:Endpoints:Grpc:Url=http://127.0.0.1:{FreePort()}", "--Logging:LogLevel:Default=Warning", .. storeArgs]);
        await app.StartAsync();
        try
        {
            using var http = new HttpClient { BaseAddress = new Uri(url), Timeout = TimeSpan.FromMinutes(5) };
            var first = await TimeImportAsync(http, file);
            var second = await TimeImportAsync(http, file);
            Console.WriteLine($"{store}: import {nodes} nodes: {first.Seconds:F2} s ({first.Summary}); same file again: {second.Seconds:F2} s ({second.Summary})");

            var ids = await ListIdsAsync(http, Math.Min(nodes, 10_000));
            var (rate, p50, p99, errors) = await GetLoadAsync(url, ids, clients, seconds);
            Console.WriteLine($"{store}: GET /v1/nodes/{{id}} with {clients} clients for {seconds} s: {rate:F0} req/s, p50 {p50:F2} ms, p99 {p99:F2} ms, errors {errors}");
        }
        finally
        {
            await app.StopAsync();
            await app.DisposeAsync();
        }
    }

    private static async Task<(double Seconds, string Summary)> TimeImportAsync(HttpClient http, string file)
    {
        var watch = Stopwatch.StartNew();
        using var response = await http.PostAsync("/v1/nodes:import", new StringContent(file, Encoding.UTF8, "application/json"));
        var body = await response.Content.ReadAsStringAsync();
        watch.Stop();
        if (response.StatusCode != HttpStatusCode.OK)
        {
            throw new InvalidOperationException($"import failed: {(int)response.StatusCode} {body[..Math.Min(body.Length, 500)]}");
        }

        return (watch.Elapsed.TotalSeconds, JsonNode.Parse(body)!["summary"]!.ToJsonString());
    }

    private static async Task<List<string>> ListIdsAsync(HttpClient http, int count)
    {
        var ids = new List<string>();
        var token = "";
        while (ids.Count < count)
        {
            var page = JsonNode.Parse(await http.GetStringAsync($"/v1/nodes?page_size=1000&page_token={token}"))!;
            ids.AddRange(page["nodes"]!.AsArray().Select(n => n!["id"]!.GetValue<string>()));
            token = page["nextPageToken"]!.GetValue<string>();
            if (token.Length == 0)
            {
                break;
            }
        }

        return ids;
    }

    private static async Task<(double Rate, double P50, double P99, int Errors)> GetLoadAsync(string url, List<string> ids, int clients, int seconds)
    {
        using var handler = new SocketsHttpHandler { MaxConnectionsPerServer = clients };
        using var http = new HttpClient(handler) { BaseAddress = new Uri(url) };
        var stop = Stopwatch.StartNew();
        var duration = TimeSpan.FromSeconds(seconds);
        var latencies = new List<double>[clients];
        var errors = 0;
        await Task.WhenAll(Enumerable.Range(0, clients).Select(async c =>
        {
            var mine = latencies[c] = new List<double>(100_000);
            var random = new Random(c);
            while (stop.Elapsed < duration && mine.Count < 5_000_000)
            {
                var start = Stopwatch.GetTimestamp();
                using var response = await http.GetAsync($"/v1/nodes/{ids[random.Next(ids.Count)]}");
                await response.Content.ReadAsByteArrayAsync();
                if (!response.IsSuccessStatusCode)
                {
                    Interlocked.Increment(ref errors);
                }

                mine.Add(Stopwatch.GetElapsedTime(start).TotalMilliseconds);
            }
        }));
        var all = latencies.SelectMany(l => l).Order().ToArray();
        return (all.Length / stop.Elapsed.TotalSeconds, all[all.Length / 2], all[(int)(all.Length * 0.99)], errors);
    }

    private static string BuildFile(int count)
    {
        var builder = new StringBuilder(count * 300);
        builder.Append("{\"nodes\":[");
        for (var i = 0; i < count; i++)
        {
            if (i > 0)
            {
                builder.Append(',');
            }

            builder.Append($$"""{"name":"n{{i:D6}}.r{{i / 40}}.bench","ip":"10.{{i >> 16 & 255}}.{{i >> 8 & 255}}.{{i & 255}}","mac":"02:00:00:{{i >> 16 & 255:x2}}:{{i >> 8 & 255:x2}}:{{i & 255:x2}}","veth":"veth0","dataPathIp":"172.{{16 + (i >> 16 & 15)}}.{{i >> 8 & 255}}.{{i & 255}}","agentPort":50001,"location":{"region":"bench","zone":"z{{i % 4}}","rack":"r{{i / 40}}"},"labels":{"env":"prod","rack":"r{{i / 40}}"},"capacity":{"cpuMilliCores":"64000","memoryBytes":"274877906944"}""").Append('}');
        }

        builder.Append("]}");
        return builder.ToString();
    }

    public static int FreePort()
    {
        using var listener = new System.Net.Sockets.TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    public static string LoadAverage() =>
        File.Exists("/proc/loadavg") ? string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3)) : "n/a";
}
