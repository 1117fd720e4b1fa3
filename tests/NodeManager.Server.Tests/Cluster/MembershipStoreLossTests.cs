using System.Diagnostics;
using System.Net;
using NodeManager.Server.Tests.Infrastructure;
using NodeManager.Testing;

namespace NodeManager.Server.Tests.Cluster;

/// <summary>
/// The cluster's Redis goes away under two running silos: they keep serving reads, writes and heartbeats, say
/// so in <c>/readyz</c>, and a silo told to stop still exits on its own. A Redis server of this test's own
/// (the test stops it), started from the <c>redis-server</c> that eng/test.sh installs.
/// </summary>
[RequiresPostgres]
public sealed class MembershipStoreLossTests
{
    [RedisFact]
    public async Task RedisStopped_SilosKeepServing_ReadyzSaysSo_AndAStopStillEnds()
    {
        RedisTestEnvironment.RequireEndpoint(); // where redis-server comes from: CI without it fails here, saying why
        await using var redis = await PrivateRedis.StartAsync();
        await using var cluster = await SiloCluster.StartAsync(2, redis.Endpoint);
        var (a, b) = (cluster.Silos[0], cluster.Silos[1]);
        var created = await a.Client.SendAsync(HttpMethod.Post, "/v1/nodes", Json.NodeJson(1));
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var id = (await Json.ReadAsync(created))["id"]!.GetValue<string>();

        await redis.StopAsync();

        var seq = 0;
        foreach (var silo in new[] { a, b })
        {
            var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(30);
            string body;
            do
            {
                await Task.Delay(200);
                var readyz = await silo.Client.GetAsync("/readyz");
                Assert.Equal(HttpStatusCode.OK, readyz.StatusCode); // still serving: ready, with the reason it is degraded
                body = await readyz.Content.ReadAsStringAsync();
            }
            while (!body.Contains("membership store", StringComparison.Ordinal) && DateTime.UtcNow < deadline);

            Assert.Contains($"(Redis at '{redis.Endpoint}') is unreachable", body);
            Assert.Equal(HttpStatusCode.OK, (await silo.Client.GetAsync($"/v1/nodes/{id}")).StatusCode);
            var beat = await silo.Client.SendAsync(HttpMethod.Post, $"/v1/nodes/{id}/heartbeat", $$"""{"seq":"{{++seq}}"}""");
            Assert.True(beat.StatusCode == HttpStatusCode.OK, await beat.Content.ReadAsStringAsync());
        }

        var put = await b.Client.SendAsync(HttpMethod.Put, $"/v1/nodes/{id}", Json.NodeJson(1, ",\"veth\":\"veth-away\""));
        Assert.True(put.StatusCode == HttpStatusCode.OK, await put.Content.ReadAsStringAsync());
        Assert.Equal("veth-away", (await Json.ReadAsync(await a.Client.GetAsync($"/v1/nodes/{id}")))["veth"]!.GetValue<string>());

        // Orleans would retry telling the unreachable store that the silo leaves for minutes; NodeManager:StopDeadline ends it.
        b.Terminate();
        Assert.Equal(0, await b.WaitForExitAsync(TimeSpan.FromSeconds(60)));
        Assert.Contains("the stop did not finish within", b.Output);
    }

    /// <summary>A redis-server child process on a free loopback port, no persistence; stopped by its own process id.</summary>
    private sealed class PrivateRedis : IAsyncDisposable
    {
        private readonly Process _process;

        private PrivateRedis(Process process, string endpoint)
        {
            _process = process;
            Endpoint = endpoint;
        }

        public string Endpoint { get; }

        public static async Task<PrivateRedis> StartAsync()
        {
            var port = LoopbackHost.FreePort();
            var info = new ProcessStartInfo("redis-server") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
            foreach (var arg in new[] { "--port", port.ToString(System.Globalization.CultureInfo.InvariantCulture), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no" })
            {
                info.ArgumentList.Add(arg);
            }

            var redis = new PrivateRedis(Process.Start(info)!, $"127.0.0.1:{port}");
            redis._process.OutputDataReceived += (_, _) => { };
            redis._process.ErrorDataReceived += (_, _) => { };
            redis._process.BeginOutputReadLine();
            redis._process.BeginErrorReadLine();
            var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(20);
            while (true)
            {
                try
                {
                    await Resp.CallAsync(redis.Endpoint, ["PING"]);
                    return redis;
                }
                catch (Exception) when (DateTime.UtcNow < deadline && !redis._process.HasExited)
                {
                    await Task.Delay(100);
                }
            }
        }

        public async Task StopAsync()
        {
            if (!_process.HasExited)
            {
                _process.Kill();
                await _process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(30));
            }
        }

        public async ValueTask DisposeAsync()
        {
            await StopAsync();
            _process.Dispose();
        }
    }
}
