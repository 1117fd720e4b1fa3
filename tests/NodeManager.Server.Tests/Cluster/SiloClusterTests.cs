using System.Diagnostics;
using System.Net;
using NodeManager.Server.Tests.Infrastructure;
using NodeManager.Testing;
using Xunit.Abstractions;

namespace NodeManager.Server.Tests.Cluster;

/// <summary>
/// Several server processes as one Orleans cluster (<see cref="SiloCluster"/>: Redis membership, one PostgreSQL
/// database): a node's grain answers the same whichever silo is asked, its nodes survive the SIGKILL of the silo
/// that held them, services on one Redis keep apart; and the starts that must fail, fail saying why.
/// The cluster tests need Redis and PostgreSQL: without Redis they skip on a laptop; on CI without either they fail.
/// </summary>
[RequiresPostgres] // the [StoreFact] below: PostgreSQL only, Redis deliberately out of reach
public sealed class SiloClusterTests(ITestOutputHelper output)
{
    private const string Capacity = ""","capacity":{"cpuMilliCores":"4000","memoryBytes":"4096"}""";

    /// <summary>How long the surviving silos may take to declare a SIGKILLed one dead and answer for its nodes (Orleans' defaults: ~10 s).</summary>
    private static readonly TimeSpan FailoverTimeout = TimeSpan.FromSeconds(60);

    [RedisFact]
    public async Task NodeWrittenThroughEitherSilo_ReadThroughBoth_SameVersionAndFields()
    {
        await using var cluster = await SiloCluster.StartAsync(silos: 2);
        var (a, b) = (cluster.Silos[0].Client, cluster.Silos[1].Client);

        var created = await a.SendAsync(HttpMethod.Post, "/v1/nodes", Json.NodeJson(1, Capacity));
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var id = (await Json.ReadAsync(created))["id"]!.GetValue<string>();
        var updated = await b.SendAsync(HttpMethod.Put, $"/v1/nodes/{id}", Json.NodeJson(1, Capacity + ",\"veth\":\"through-b\""), ifMatch: "\"1\"");
        Assert.Equal(HttpStatusCode.OK, updated.StatusCode);

        foreach (var client in new[] { a, b })
        {
            var node = await Json.ReadAsync(await client.SendAsync(HttpMethod.Get, $"/v1/nodes/{id}"));
            Assert.Equal(("2", "through-b", "node-1"), (node["version"]!.GetValue<string>(), node["veth"]!.GetValue<string>(), node["name"]!.GetValue<string>()));
        }

        var batch = await Json.ReadAsync(await b.SendAsync(HttpMethod.Post, "/v1/nodes:batchGet", $$"""{"ids":["{{id}}"]}"""));
        var listed = Assert.Single(batch["nodes"]!.AsArray())!;
        Assert.Equal((id, "2", "through-b"), (listed["id"]!.GetValue<string>(), listed["version"]!.GetValue<string>(), listed["veth"]!.GetValue<string>()));
        Assert.Empty(batch["missingIds"]?.AsArray() ?? []);

        var reserved = await a.SendAsync(HttpMethod.Post, $"/v1/nodes/{id}/reservations/compute", """{"name":"vm-1","requestCpuMilliCores":"1000","requestMemoryBytes":"1024"}""");
        Assert.Equal(HttpStatusCode.OK, reserved.StatusCode);
        var afterReserve = await Json.ReadAsync(await b.SendAsync(HttpMethod.Get, $"/v1/nodes/{id}"));
        Assert.Equal(("1000", "1024"), (afterReserve["reserved"]?["cpuMilliCores"]?.GetValue<string>(), afterReserve["reserved"]?["memoryBytes"]?.GetValue<string>()));
    }

    [RedisFact]
    public async Task SiloHoldingNodesKilled_NodesReadThroughSurvivor_AcknowledgedVersionsAndOnly200Or503Meanwhile()
    {
        await using var cluster = await SiloCluster.StartAsync(silos: 3);
        var (a, b) = (cluster.Silos[0], cluster.Silos[1].Client);
        var acknowledged = new Dictionary<string, string>(); // id -> version answered before the kill
        for (var i = 0; i < 30; i++)
        {
            var answer = await a.Client.SendAsync(HttpMethod.Post, "/v1/nodes", Json.NodeJson(i));
            Assert.Equal(HttpStatusCode.Created, answer.StatusCode);
            var id = (await Json.ReadAsync(answer))["id"]!.GetValue<string>();
            if (i % 3 == 0) // some at version 2: what is read must be the last version acknowledged, not the first
            {
                answer = await a.Client.SendAsync(HttpMethod.Put, $"/v1/nodes/{id}", Json.NodeJson(i, ",\"veth\":\"updated\""), ifMatch: "\"1\"");
                Assert.Equal(HttpStatusCode.OK, answer.StatusCode);
            }

            acknowledged[id] = (await Json.ReadAsync(answer))["version"]!.GetValue<string>();
        }

        await a.KillHardAsync(); // the grains of all 30 nodes lived on A (created there, placed locally)
        var sinceKill = Stopwatch.StartNew();
        var answers = new Dictionary<HttpStatusCode, int>();
        TimeSpan? firstOk = null, slowest = null;
        foreach (var (id, version) in acknowledged)
        {
            var found = false;
            for (var attempt = 0; attempt < 600 && !found && sinceKill.Elapsed < FailoverTimeout; attempt++)
            {
                var started = sinceKill.Elapsed;
                using var response = await b.GetAsync($"/v1/nodes/{id}");
                var took = sinceKill.Elapsed - started;
                slowest = slowest is { } s && s > took ? s : took;
                answers[response.StatusCode] = answers.GetValueOrDefault(response.StatusCode) + 1;
                if (response.StatusCode == HttpStatusCode.OK)
                {
                    firstOk ??= sinceKill.Elapsed;
                    Assert.Equal(version, (await Json.ReadAsync(response))["version"]!.GetValue<string>());
                    found = true;
                }
                else if (response.StatusCode == HttpStatusCode.ServiceUnavailable)
                {
                    await Task.Delay(100);
                }
                else
                {
                    Assert.Fail($"node {id} through B {sinceKill.Elapsed.TotalSeconds:0.0} s after the kill: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
                }
            }

            Assert.True(found, $"node {id} not readable through B {sinceKill.Elapsed.TotalSeconds:0.0} s after the kill; answers so far: {Describe(answers)}");
        }

        output.WriteLine($"after SIGKILL of A: first 200 through B at {firstOk?.TotalSeconds:0.0} s, all {acknowledged.Count} at {sinceKill.Elapsed.TotalSeconds:0.0} s; " +
            $"slowest answer {slowest?.TotalSeconds:0.0} s; answers {Describe(answers)}");
        Assert.All(answers.Keys, status => Assert.Contains(status, new[] { HttpStatusCode.OK, HttpStatusCode.ServiceUnavailable }));
    }

    [RedisFact]
    public async Task OtherServiceId_OnSameRedisAndClusterId_RunsAndMembershipStaysApart()
    {
        await using var cluster = await SiloCluster.StartAsync(silos: 2);
        var otherService = $"other-{Guid.NewGuid():N}";
        var other = await cluster.StartSiloAsync(otherService);

        var missing = await other.Client.SendAsync(HttpMethod.Get, $"/v1/nodes/{Guid.NewGuid()}"); // a grain call in the other service's silo
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
        Assert.Equal(cluster.Silos.Take(2).Select(s => s.SiloPort).Order(), await cluster.ListedSiloPortsAsync(SiloCluster.DefaultServiceId));
        Assert.Equal(new[] { other.SiloPort }, await cluster.ListedSiloPortsAsync(otherService));
    }

    [StoreFact]
    public async Task RedisUnreachable_AtStart_ExitsWithThreeNamingTheAddress()
    {
        await using var database = await PostgresTestDatabase.CreateAsync().WaitAsync(TestTimeout.Default);
        var redis = $"127.0.0.1:{LoopbackHost.FreePort()}"; // nothing listens there

        var message = await StartExpectingExitAsync(
        [
            "--NodeManager:Storage:Provider=Postgres",
            $"--ConnectionStrings:NodeManager={database.ConnectionString}",
            "--Orleans:Clustering:ProviderType=Redis",
            $"--Orleans:Clustering:ConnectionString={redis}",
            "--Orleans:Endpoints:AdvertisedIPAddress=127.0.0.1",
        ]);

        Assert.Contains("server exited with 3 ", message);
        Assert.Contains($"NodeManager did not start: the cluster's membership store (Orleans:Clustering:ProviderType=Redis) at '{redis}' could not be reached", message);
    }

    [Fact]
    public async Task SqliteStore_WithRedisClustering_RefusedWithTwoNamingPostgres()
    {
        using var directory = new TempDirectory();
        var message = await StartExpectingExitAsync(
        [
            $"--NodeManager:Storage:Sqlite:Path={directory.File("nm.db")}",
            "--Orleans:Clustering:ProviderType=Redis",
            $"--Orleans:Clustering:ConnectionString=127.0.0.1:{LoopbackHost.FreePort()}",
        ]);

        Assert.Contains("server exited with 2 ", message);
        Assert.Contains("NodeManager:Storage:Provider=Postgres", message);
    }

    /// <summary>Starts a server that must exit on its own; returns the helper's message (exit code and output).</summary>
    private static async Task<string> StartExpectingExitAsync(string[] args)
    {
        var ex = await Assert.ThrowsAsync<InvalidOperationException>(() => ServerProcess.StartAsync(args));
        Assert.Contains("server exited with", ex.Message);
        return ex.Message;
    }

    private static string Describe(Dictionary<HttpStatusCode, int> answers) =>
        string.Join(", ", answers.OrderBy(a => a.Key).Select(a => $"{(int)a.Key}×{a.Value}"));
}
