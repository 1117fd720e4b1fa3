using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Grpc.Health.V1;
using Grpc.Net.Client;
using NodeManager.Deployment.Tests.Infrastructure;
using NodeManager.Testing;

namespace NodeManager.Deployment.Tests.Publish;

/// <summary>
/// The published server as the image runs it: a non-root user, the program folder read-only, only a data and a temp
/// folder writable, on loopback ports. And the chart's probes asked of that server.
/// </summary>
public sealed partial class PublishedServerTests(PublishedServer published) : IClassFixture<PublishedServer>
{
    private static readonly TimeSpan ReadyTimeout = TimeSpan.FromSeconds(90);

    [Fact]
    public async Task PublishedServer_NonRootWithReadOnlyProgramFolder_PassesTheSmokeTest()
    {
        var data = await published.WritableFolderAsync("data");
        var (server, http, grpc) = await StartAsync(data);
        await using (server)
        {
            if (NonRootProcess.SwitchesUser)
            {
                Assert.Equal(NonRootProcess.Uid, server.RealUid());
            }

            Assert.NotEqual(0, server.RealUid());
            Assert.Equal(0, (int)(File.GetUnixFileMode(published.Dll) & (UnixFileMode.UserWrite | UnixFileMode.GroupWrite | UnixFileMode.OtherWrite)));
            using var client = new HttpClient { BaseAddress = http, Timeout = TimeSpan.FromSeconds(30) };

            Assert.Equal("ok", await client.GetStringAsync("/healthz"));
            Assert.StartsWith("ready", await client.GetStringAsync("/readyz"), StringComparison.Ordinal);
            using var created = await client.PostAsJsonAsync("/v1/nodes", new { name = "r1-n07", ip = "10.0.1.7" });
            Assert.Equal(HttpStatusCode.Created, created.StatusCode);
            var id = (await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString();
            var node = await client.GetFromJsonAsync<JsonElement>($"/v1/nodes/{id}");
            Assert.Equal("r1-n07", node.GetProperty("name").GetString());
            Assert.Equal("10.0.1.7", node.GetProperty("ip").GetString());
            Assert.Equal(HealthCheckResponse.Types.ServingStatus.Serving, await GrpcHealthAsync(grpc, ""));

            // The store is where it was told to be, written by the server's user.
            Assert.True(File.Exists(Path.Combine(data, "nodemanager.db")), "no SQLite file in the data folder:\n" + server.Output);

            await server.TerminateAsync();
            Assert.Equal(0, await server.WaitForExitAsync(TimeSpan.FromSeconds(40)));
        }

        // Stopped and started again on the same data: the node is still there.
        var (again, http2, _) = await StartAsync(data);
        await using (again)
        {
            using var client = new HttpClient { BaseAddress = http2, Timeout = TimeSpan.FromSeconds(30) };
            var nodes = await client.GetFromJsonAsync<JsonElement>("/v1/nodes");
            Assert.Contains(nodes.GetProperty("nodes").EnumerateArray(), n => n.GetProperty("name").GetString() == "r1-n07");
        }
    }

    [Fact]
    public async Task ChartProbes_AskedOfThePublishedServer_AnswerAsTheChartExpects()
    {
        var rendered = await Infrastructure.Chart.RenderAsync();
        var silo = Workload.Container(rendered.Silos, "silo");
        var env = Workload.Env(silo);
        var httpPort = Workload.Port(silo, "http");
        var grpcPort = Workload.Port(silo, "grpc");

        // The ports the probes name are the ones the chart makes the server listen on.
        Assert.Equal(httpPort, new Uri(Workload.Value(env["Kestrel__Endpoints__Http__Url"])!.Replace("*", "localhost", StringComparison.Ordinal)).Port);
        Assert.Equal(grpcPort, new Uri(Workload.Value(env["Kestrel__Endpoints__Grpc__Url"])!.Replace("*", "localhost", StringComparison.Ordinal)).Port);
        var startup = silo.GetProperty("startupProbe").GetProperty("grpc");
        Assert.Equal(grpcPort, startup.GetProperty("port").GetInt32());
        var httpProbes = new[] { "livenessProbe", "readinessProbe" }.Select(p => silo.GetProperty(p).GetProperty("httpGet")).ToList();
        Assert.All(httpProbes, p => Assert.Equal("http", p.GetProperty("port").GetString()));
        Assert.Equal(["/healthz", "/readyz"], httpProbes.Select(p => p.GetProperty("path").GetString()!).ToArray());

        // Asked of the real server (on loopback ports of its own), each answers as a passing probe.
        var (server, http, grpc) = await StartAsync(await published.WritableFolderAsync("data"));
        await using (server)
        {
            using var client = new HttpClient { BaseAddress = http, Timeout = TimeSpan.FromSeconds(30) };
            foreach (var probe in httpProbes)
            {
                using var response = await client.GetAsync(probe.GetProperty("path").GetString());
                Assert.True(response.IsSuccessStatusCode, $"{probe} answered {(int)response.StatusCode}");
            }

            Assert.Equal(HealthCheckResponse.Types.ServingStatus.Serving, await GrpcHealthAsync(grpc, startup.GetProperty("service").GetString()!));
            using var missing = await client.GetAsync("/no-such-probe");
            Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode); // a wrong path would not pass
        }
    }

    [Fact]
    public async Task AlertRules_OfTheChartAndTheDocs_QueryMetricsAndStatusesThePublishedServerExports()
    {
        var rendered = await Infrastructure.Chart.RenderAsync(Infrastructure.Chart.ProfileArgs("external"));
        var rule = rendered.Single("PrometheusRule", Infrastructure.Chart.FullName);
        var expressions = rule.GetProperty("spec").GetProperty("groups").EnumerateArray()
            .SelectMany(g => g.GetProperty("rules").EnumerateArray()).Select(r => r.GetProperty("expr").GetString()!).ToList();
        Assert.True(expressions.Count >= 5, string.Join("\n", expressions));
        var operations = File.ReadAllText(Repo.File("docs", "operations.md"));
        var queried = string.Join("\n", expressions) + "\n" + operations;
        var metrics = MetricName().Matches(queried).Select(m => m.Value).Distinct().ToList();
        var statuses = StatusMatcher().Matches(queried).SelectMany(m => m.Groups[1].Value.Split('|')).Distinct().ToList();
        Assert.Contains("nodemanager_nodes", metrics);
        Assert.Contains("not_ready", statuses);

        var (server, http, _) = await StartAsync(await published.WritableFolderAsync("data"));
        await using (server)
        {
            using var client = new HttpClient { BaseAddress = http, Timeout = TimeSpan.FromSeconds(30) };
            using var created = await client.PostAsJsonAsync("/v1/nodes", new { name = "r1-n08", ip = "10.0.1.8" });
            created.EnsureSuccessStatusCode();
            var exported = await client.GetStringAsync("/metrics");
            var series = exported.Split('\n').Where(l => l.Length > 0 && !l.StartsWith('#')).ToList();

            // Declared (# TYPE) is exported: a counter has no series until its first measurement.
            Assert.All(metrics, metric => Assert.True(exported.Contains($"# TYPE {metric} ", StringComparison.Ordinal),
                $"{metric} is queried (chart or docs/operations.md) but /metrics does not export it:\n{exported}"));
            Assert.All(statuses, status => Assert.Contains(series, l => l.StartsWith($"nodemanager_nodes{{status=\"{status}\"}}", StringComparison.Ordinal)));
        }
    }

    [Fact]
    public async Task KubernetesHosting_OutsideAPod_StopsTheStartNamingWhatIsMissing()
    {
        var data = await published.WritableFolderAsync("data");
        await using var server = NonRootProcess.Start(published.Dll, ImageEnvironment(data, 0, 0, new()
        {
            ["NodeManager__Kubernetes__Enabled"] = "true",
        }), data);

        Assert.Equal(2, await server.WaitForExitAsync(TestTimeout.Default));
        foreach (var named in new[] { "NodeManager:Kubernetes:Enabled", "Orleans:Clustering:ProviderType", "POD_NAME", "POD_NAMESPACE", "POD_IP", "KUBERNETES_SERVICE_HOST" })
        {
            Assert.Contains(named, server.Output, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task KubernetesHosting_PodLabelOtherThanTheClusterKey_StopsTheStartNamingBoth()
    {
        var data = await published.WritableFolderAsync("data");
        await using var server = NonRootProcess.Start(published.Dll, ImageEnvironment(data, 0, 0, new()
        {
            ["NodeManager__Kubernetes__Enabled"] = "true",
            ["NodeManager__Storage__Provider"] = "Postgres",
            ["ConnectionStrings__NodeManager"] = "Host=127.0.0.1;Username=nm;Database=nm",
            ["Orleans__Clustering__ProviderType"] = "Redis",
            ["Orleans__Clustering__ConnectionString"] = "127.0.0.1:1",
            ["Orleans__ClusterId"] = "green",
            ["ORLEANS_CLUSTER_ID"] = "blue",
            ["POD_NAME"] = "nm-node-manager-0",
            ["POD_NAMESPACE"] = "nm",
            ["POD_IP"] = "10.1.2.3",
            ["KUBERNETES_SERVICE_HOST"] = "10.0.0.1",
        }), data);

        Assert.Equal(2, await server.WaitForExitAsync(TestTimeout.Default));
        Assert.Contains("ORLEANS_CLUSTER_ID is 'blue' but Orleans:ClusterId is 'green'", server.Output, StringComparison.Ordinal);
        Assert.DoesNotContain("POD_NAME", server.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task PublishedAgent_NonRootWithReadOnlyProgramFolder_RegistersAndKeepsItsNodeReady()
    {
        var agentDll = await published.AgentDllAsync();
        var (server, http, grpc) = await StartAsync(await published.WritableFolderAsync("data"));
        await using (server)
        {
            var state = await published.WritableFolderAsync("agent-state");
            var name = "deploy-test-" + Guid.NewGuid().ToString("N")[..8];
            var agentPort = NonRootProcess.FreePort();
            await using var agent = NonRootProcess.Start(agentDll, new Dictionary<string, string>
            {
                ["NodeManagerAgent__Server"] = grpc.ToString(),
                ["NodeManagerAgent__AgentPort"] = agentPort.ToString(CultureInfo.InvariantCulture),
                ["NodeManagerAgent__Listen"] = "127.0.0.1",
                ["NodeManagerAgent__ManagementAddress"] = "127.0.0.1",
                ["NodeManagerAgent__StateDir"] = state,
                ["NodeManagerAgent__Name"] = name,
                ["NodeManagerAgent__InitialHeartbeatInterval"] = "00:00:01",
                ["TMPDIR"] = state,
            }, state);
            using var client = new HttpClient { BaseAddress = http, Timeout = TimeSpan.FromSeconds(30) };

            var status = await WaitForStatusAsync(client, name, "HEALTH_STATUS_READY", agent);
            if (NonRootProcess.SwitchesUser)
            {
                Assert.Equal(NonRootProcess.Uid, agent.RealUid());
            }

            // The node id is kept in the state folder (the chart's host path): the machine's, across pod restarts.
            var id = status.GetProperty("nodeId").GetString();
            Assert.Equal(id, File.ReadAllText(Path.Combine(state, "node-id")).Trim());
            using var grpcProbe = GrpcChannel.ForAddress($"http://127.0.0.1:{agentPort}");
            var check = await new Health.HealthClient(grpcProbe).CheckAsync(new HealthCheckRequest(), deadline: DateTime.UtcNow.AddSeconds(30));
            Assert.Equal(HealthCheckResponse.Types.ServingStatus.Serving, check.Status);

            // Stopped as Kubernetes stops a pod: a goodbye, the node NOT_READY at once, exit 0.
            await agent.TerminateAsync();
            Assert.Equal(0, await agent.WaitForExitAsync(TestTimeout.Default));
            await WaitForStatusAsync(client, name, "HEALTH_STATUS_NOT_READY", agent: null);
        }
    }

    [Fact]
    public async Task PublishedNmctl_NonRootWithReadOnlyProgramFolder_CreatesAndListsNodes()
    {
        var nmctl = await published.NmctlDllAsync();
        var (server, _, grpc) = await StartAsync(await published.WritableFolderAsync("data"));
        await using (server)
        {
            var cwd = await published.WritableFolderAsync("nmctl");
            var environment = new Dictionary<string, string> { ["NMCTL_SERVER"] = grpc.ToString() };
            var name = "nmctl-" + Guid.NewGuid().ToString("N")[..8];

            await using (var create = NonRootProcess.Start(nmctl, environment, cwd, ["nodes", "create", "--name", name, "--ip", "10.9.8.7", "-o", "json"]))
            {
                Assert.True(await create.WaitForExitAsync(TestTimeout.Default) == 0, create.Output);
            }

            await using var list = NonRootProcess.Start(nmctl, environment, cwd, ["nodes", "list", "-o", "json"]);
            Assert.True(await list.WaitForExitAsync(TestTimeout.Default) == 0, list.Output);
            Assert.Contains(name, list.Output, StringComparison.Ordinal);
            Assert.Contains("10.9.8.7", list.Output, StringComparison.Ordinal);
        }
    }

    private static async Task<JsonElement> WaitForStatusAsync(HttpClient client, string name, string status, NonRootProcess? agent)
    {
        var deadline = DateTime.UtcNow + TestTimeout.Default;
        var last = "";
        while (DateTime.UtcNow < deadline)
        {
            var nodes = await client.GetFromJsonAsync<JsonElement>($"/v1/nodes?name={name}");
            if (nodes.GetProperty("nodes").EnumerateArray().FirstOrDefault() is { ValueKind: JsonValueKind.Object } node)
            {
                var health = await client.GetFromJsonAsync<JsonElement>($"/v1/nodes/{node.GetProperty("id").GetString()}/health");
                last = health.ToString();
                if (health.TryGetProperty("status", out var s) && s.GetString() == status)
                {
                    return health;
                }
            }

            await Task.Delay(200);
        }

        throw new TimeoutException($"node {name} not {status} within {TestTimeout.Default.TotalSeconds:0} s; last health {last}\n{agent?.Output}");
    }

    [Fact]
    public async Task Help_OfThePublishedServer_ListsTheKubernetesHostingKey()
    {
        var data = await published.WritableFolderAsync("data");
        await using var server = NonRootProcess.Start(published.Dll, new Dictionary<string, string>(), data, ["--help"]);

        Assert.Equal(0, await server.WaitForExitAsync(TestTimeout.Default));
        Assert.Contains("NodeManager:Kubernetes:Enabled", server.Output, StringComparison.Ordinal);
        Assert.Contains("Orleans:Clustering:ProviderType", server.Output, StringComparison.Ordinal);
    }

    private async Task<(NonRootProcess Server, Uri Http, Uri Grpc)> StartAsync(string data)
    {
        // A port free a moment ago may be taken by a test running in parallel: a start that fails on it is tried again.
        for (var attempt = 1; ; attempt++)
        {
            var httpPort = NonRootProcess.FreePort();
            var grpcPort = NonRootProcess.FreePort();
            var server = NonRootProcess.Start(published.Dll, ImageEnvironment(data, httpPort, grpcPort, new()), data);
            var http = new Uri($"http://127.0.0.1:{httpPort}");
            try
            {
                await server.WaitReadyAsync(http, ReadyTimeout);
                return (server, http, new Uri($"http://127.0.0.1:{grpcPort}"));
            }
            catch (InvalidOperationException) when (attempt < 5 && server.Output.Contains("address already in use", StringComparison.OrdinalIgnoreCase))
            {
                await server.DisposeAsync();
            }
            catch
            {
                await server.DisposeAsync();
                throw;
            }
        }
    }

    /// <summary>The image's environment (the container properties of the project) on loopback ports, data and temp in <paramref name="data"/>.</summary>
    private static Dictionary<string, string> ImageEnvironment(string data, int httpPort, int grpcPort, Dictionary<string, string> extra)
    {
        var environment = new Dictionary<string, string>
        {
            ["Kestrel__Endpoints__Http__Url"] = $"http://127.0.0.1:{httpPort}",
            ["Kestrel__Endpoints__Grpc__Url"] = $"http://127.0.0.1:{grpcPort}",
            ["Orleans__Endpoints__SiloPort"] = NonRootProcess.FreePort().ToString(CultureInfo.InvariantCulture),
            ["NodeManager__Storage__Sqlite__Path"] = Path.Combine(data, "nodemanager.db"),
            ["TMPDIR"] = data,
        };
        foreach (var (key, value) in extra)
        {
            environment[key] = value;
        }

        return environment;
    }

    private static async Task<HealthCheckResponse.Types.ServingStatus> GrpcHealthAsync(Uri grpc, string service)
    {
        using var channel = GrpcChannel.ForAddress(grpc);
        var response = await new Health.HealthClient(channel).CheckAsync(new HealthCheckRequest { Service = service }, deadline: DateTime.UtcNow.AddSeconds(30));
        return response.Status;
    }

    /// <summary>A NodeManager metric's name as Prometheus sees it.</summary>
    [System.Text.RegularExpressions.GeneratedRegex("\\bnodemanager_[a-z_]+[a-z]")]
    private static partial System.Text.RegularExpressions.Regex MetricName();

    /// <summary>A status matcher in a query: status="x" or status=~"x|y".</summary>
    [System.Text.RegularExpressions.GeneratedRegex("status=~?\"([A-Za-z_|]+)\"")]
    private static partial System.Text.RegularExpressions.Regex StatusMatcher();
}
