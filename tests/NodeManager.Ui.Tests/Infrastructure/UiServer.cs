using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using NodeManager.Server.Hosting;
using NodeManager.Testing;

namespace NodeManager.Ui.Tests.Infrastructure;

/// <summary>The real server (NodeManagerApp, as Program runs it) on loopback ports with a SQLite file of its own.</summary>
public sealed class UiServer : IAsyncDisposable
{
    /// <summary>
    /// Health timings of the cluster tests: interval 1 s, grace 4 s, DOWN after a minute, a sweep every 200 ms,
    /// probes that give up after 500 ms, no start-up hold.
    /// </summary>
    public static readonly string[] FastHealth =
    [
        "--NodeManager:Health:HeartbeatInterval=00:00:01",
        "--NodeManager:Health:GracePeriod=00:00:04",
        "--NodeManager:Health:DownAfter=00:01:00",
        "--NodeManager:Health:SweepInterval=00:00:00.2",
        "--NodeManager:Health:ProbeTimeout=00:00:00.5",
        "--NodeManager:Health:StartupGrace=00:00:00",
    ];

    private readonly string _directory;
    private readonly string[] _extra;
    private WebApplication _app;

    private UiServer(WebApplication app, Uri http, Uri grpc, string directory, string[] extra)
    {
        _app = app;
        _directory = directory;
        _extra = extra;
        Http = http;
        Grpc = grpc;
        Client = new HttpClient { BaseAddress = http, Timeout = TestTimeout.Default };
    }

    public Uri Http { get; }

    public Uri Grpc { get; }

    public HttpClient Client { get; }

    public string Ui => new Uri(Http, "/ui/").ToString();

    public static async Task<UiServer> StartAsync(params string[] extra)
    {
        var directory = Path.Combine(Path.GetTempPath(), "nm-ui-test-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(directory);
        var (app, (http, grpc)) = await LoopbackHost.StartAsync(() =>
        {
            var http = new Uri($"http://127.0.0.1:{LoopbackHost.FreePort()}");
            var grpc = new Uri($"http://127.0.0.1:{LoopbackHost.FreePort()}");
            return (Build(http, grpc, directory, extra), (http, grpc));
        });
        return new UiServer(app, http, grpc, directory, extra);
    }

    /// <summary>Stops the server (its open streams break) and starts it again on the same ports and store.</summary>
    public async Task RestartAsync()
    {
        await _app.StopAsync().WaitAsync(TestTimeout.Default);
        await _app.DisposeAsync();
        _app = Build(Http, Grpc, _directory, _extra);
        await _app.StartAsync().WaitAsync(TestTimeout.Default);
    }

    private static WebApplication Build(Uri http, Uri grpc, string directory, string[] extra) =>
        NodeManagerApp.Create([.. LoopbackHost.ServerArgs(http, grpc), $"--NodeManager:Storage:Sqlite:Path={Path.Combine(directory, "nm.db")}", .. FastHealth, .. extra]);

    public async Task<JsonObject> GetAsync(string path)
    {
        using var response = await Client.GetAsync(path);
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, $"GET {path}: {(int)response.StatusCode} {text}");
        return JsonNode.Parse(text)!.AsObject();
    }

    public async Task<JsonObject> PostAsync(string path, object body)
    {
        using var response = await Client.PostAsJsonAsync(path, body);
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, $"POST {path}: {(int)response.StatusCode} {text}");
        return JsonNode.Parse(text)!.AsObject();
    }

    public async Task<JsonObject> PutAsync(string path, JsonNode body)
    {
        using var response = await Client.PutAsJsonAsync(path, body);
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, $"PUT {path}: {(int)response.StatusCode} {text}");
        return JsonNode.Parse(text)!.AsObject();
    }

    public async Task DeleteAsync(string path)
    {
        using var response = await Client.DeleteAsync(path);
        Assert.True(response.IsSuccessStatusCode, $"DELETE {path}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
    }

    /// <summary>Creates a node named <paramref name="name"/> in <paramref name="zone"/>/<paramref name="rack"/>; returns its id.</summary>
    public async Task<string> CreateNodeAsync(string name, string ip, string zone = "z1", string rack = "r1", int agentPort = 0, Dictionary<string, string>? labels = null)
    {
        var node = await PostAsync("/v1/nodes", new
        {
            name,
            ip,
            managementAddress = "127.0.0.1",
            agentPort,
            location = new { zone, rack },
            labels = labels ?? new Dictionary<string, string>(),
            capacity = new { cpuMilliCores = "32000", memoryBytes = "137438953472" },
        });
        return node["id"]!.GetValue<string>();
    }

    /// <summary>Moves a node to a lifecycle state (COMMISSIONED, MAINTENANCE, ...).</summary>
    public Task<JsonObject> TransitionAsync(string id, string target) =>
        PostAsync($"/v1/nodes/{id}:transition", new { targetState = target, reason = "test" });

    /// <summary>Counts nodes by paging a list to its end (the API itself, not the dashboard's summary).</summary>
    public async Task<int> CountAsync(string listPath, string itemsField)
    {
        var total = 0;
        var token = "";
        do
        {
            var separator = listPath.Contains('?', StringComparison.Ordinal) ? '&' : '?';
            var page = await GetAsync($"{listPath}{separator}page_size=1000&page_token={Uri.EscapeDataString(token)}");
            total += page[itemsField]!.AsArray().Count;
            token = page["nextPageToken"]?.GetValue<string>() ?? "";
        }
        while (token.Length > 0);
        return total;
    }

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        await _app.StopAsync().WaitAsync(TestTimeout.Default);
        await _app.DisposeAsync();
        try
        {
            Directory.Delete(_directory, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}
