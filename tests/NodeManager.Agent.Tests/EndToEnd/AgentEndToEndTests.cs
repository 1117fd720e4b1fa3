using Grpc.Core;
using Grpc.Health.V1;
using Grpc.Net.Client;
using NodeManager.Agent.Facts;
using NodeManager.Agent.Hosting;
using NodeManager.Agent.Tests.Infrastructure;
using NodeManager.Contracts.V1;
using NodeManager.Testing;

namespace NodeManager.Agent.Tests.EndToEnd;

/// <summary>
/// The agent's real host against the real server, both in-process on loopback over HTTP/2: registration
/// with the host's facts, READY, the id kept across restarts, goodbye on stop, a cut heartbeat path with
/// the probe still answering, reconnection after a server restart, adoption of a pre-imported node,
/// re-registration after a delete; with two endpoints, registration past one that refuses connections and
/// failover of the heartbeat stream when the endpoint it runs through dies.
/// </summary>
public sealed class AgentEndToEndTests : IAsyncLifetime
{
    private readonly TempDirectory _dir = new();
    private ServerHost? _server;
    private GrpcChannel? _channel;

    private ServerHost Server => _server!;

    private NodeService.NodeServiceClient Nodes => new(_channel!);

    private HealthService.HealthServiceClient HealthApi => new(_channel!);

    private string StateDir => _dir.File("state");

    public async Task InitializeAsync()
    {
        _server = await ServerHost.StartAsync();
        _channel = ServerChannel.Create(_server.Grpc);
    }

    public async Task DisposeAsync()
    {
        _channel?.Dispose();
        if (_server is not null)
        {
            await _server.DisposeAsync();
        }

        _dir.Dispose();
    }

    [Fact]
    public async Task FirstRun_RegistersNodeWithHostFacts_Ready()
    {
        await using var agent = await StartAgentAsync(extra: ["--label", "rack=r12"]);
        var id = await WaitForStateFileAsync();
        var health = await WaitForHealthAsync(id, h => h.Status == HealthStatus.Ready);
        Assert.DoesNotContain(health.Conditions, c => c.Type == "AddressDrift");

        var node = await Call(Nodes.GetNodeAsync(new GetNodeRequest { Id = id }, Deadline()));
        var host = new HostObserver(new AgentOptions(), new HostFactsReader()).Observe();
        Assert.Equal("agent-e2e.test", node.Name);
        Assert.Equal(host.PrimaryIp, node.Ip);
        Assert.Equal(host.PrimaryMac, node.Mac);
        Assert.Equal(host.Primary!.Name, node.Veth);
        Assert.Equal("127.0.0.1", node.ManagementAddress);
        Assert.Equal(agent.Port, node.AgentPort);
        Assert.Equal(host.Facts.CpuMilliCores, node.Capacity.CpuMilliCores);
        Assert.Equal(host.Facts.Memory.TotalBytes, node.Capacity.MemoryBytes);
        Assert.Equal(host.Facts.RootDisk.TotalBytes, node.Capacity.StorageBytes);
        Assert.Equal("r12", node.Labels["rack"]);

        // The server's interval (200 ms) replaces the initial 5 s as soon as the first ack arrives.
        await Poll("heartbeats at the server's interval", () => Task.FromResult(agent.Session), s => s.Interval == TimeSpan.FromMilliseconds(200) && s.Seq >= 5);
        Assert.Equal(HealthStatus.Ready, agent.Session.LastStatus);

        using var probe = ServerChannel.Create(new Uri($"http://127.0.0.1:{agent.Port}"));
        var check = await Call(new Health.HealthClient(probe).CheckAsync(new HealthCheckRequest(), Deadline()));
        Assert.Equal(HealthCheckResponse.Types.ServingStatus.Serving, check.Status);
    }

    [Fact]
    public async Task Restart_SameStateDir_SameIdAndFactsUpdated()
    {
        string id;
        await using (var first = await StartAgentAsync())
        {
            id = await WaitForStateFileAsync();
            await WaitForHealthAsync(id, h => h.Status == HealthStatus.Ready);
        }

        var before = await Call(Nodes.GetNodeAsync(new GetNodeRequest { Id = id }, Deadline()));
        await using var second = await StartAgentAsync(extra: ["--label", "role=compute"]);
        var updated = await WaitForNodeAsync(id, n => n.Labels.ContainsKey("role") && n.AgentPort == second.Port);
        await WaitForHealthAsync(id, h => h.Status == HealthStatus.Ready);

        Assert.Equal(id, second.Worker.NodeId);
        Assert.Equal(before.Version + 1, updated.Version);
        var all = await Call(Nodes.ListNodesAsync(new ListNodesRequest(), Deadline()));
        Assert.Single(all.Nodes);
    }

    [Fact]
    public async Task GracefulStop_Goodbye_NotReadyDecidedByAgentShutdown()
    {
        var agent = await StartAgentAsync();
        var id = await WaitForStateFileAsync();
        await WaitForHealthAsync(id, h => h.Status == HealthStatus.Ready);

        await agent.StopAsync();
        await agent.DisposeAsync();

        var health = await Call(HealthApi.GetNodeHealthAsync(new GetNodeHealthRequest { NodeId = id }, Deadline()));
        Assert.Equal(HealthStatus.NotReady, health.Status);
        Assert.Equal(DecidedBy.AgentShutdown, health.DecidedBy);
    }

    [Fact]
    public async Task HeartbeatPathCut_ProbeStillAnswers_StaysReadyWithHeartbeatPathDegraded()
    {
        await using var proxy = new TcpProxy(Server.Grpc);
        await using var agent = await StartAgentAsync(server: proxy.Address);
        var id = await WaitForStateFileAsync();
        await WaitForHealthAsync(id, h => h.Status == HealthStatus.Ready);

        await proxy.CutAsync();

        var health = await WaitForHealthAsync(id, h => h.Conditions.Any(c => c.Type == "HeartbeatPathDegraded" && c.Status));
        Assert.Equal(HealthStatus.Ready, health.Status);
    }

    [Fact]
    public async Task ServerRestart_StreamEndedWithUnavailable_AgentReconnectsAndHeartbeatsResume()
    {
        await using var agent = await StartAgentAsync();
        var id = await WaitForStateFileAsync();
        await WaitForHealthAsync(id, h => h.Status == HealthStatus.Ready);
        var seqBefore = agent.Session.Seq;

        await Server.RestartAsync();
        var restartedAt = DateTimeOffset.UtcNow;

        var health = await WaitForHealthAsync(id, h => h.LastHeartbeatTime is { } t && t.ToDateTimeOffset() > restartedAt);
        Assert.Equal(HealthStatus.Ready, health.Status);
        Assert.Equal(id, agent.Worker.NodeId);
        Assert.True(agent.Session.Seq > seqBefore, $"seq {agent.Session.Seq} after the restart, {seqBefore} before");
        Assert.Equal(TimeSpan.FromMilliseconds(200), agent.Session.Interval);
    }

    [Fact]
    public async Task DiskBelowCriticalThreshold_DiskPressureReported_NotReady()
    {
        await using var agent = await StartAgentAsync(extra:
            ["--NodeManagerAgent:Thresholds:DiskWarningPercent=100", "--NodeManagerAgent:Thresholds:DiskCriticalPercent=100"]);
        var id = await WaitForStateFileAsync();

        var health = await WaitForHealthAsync(id, h => h.Status == HealthStatus.NotReady);
        var disk = Assert.Single(health.Conditions, c => c.Type == "DiskPressure");
        Assert.True(disk.Status);
        Assert.Equal(ConditionSeverity.Critical, disk.Severity);
        Assert.Equal("agent", disk.Source);
        Assert.Equal(DecidedBy.Heartbeat, health.DecidedBy);
    }

    [Fact]
    public async Task PreImportedNode_NameTaken_AdoptedWithOperatorLabelsKept()
    {
        var host = new HostObserver(new AgentOptions(), new HostFactsReader()).Observe();
        var imported = new Node { Name = "agent-e2e.test", Ip = host.PrimaryIp, Labels = { ["env"] = "prod" } };
        var existing = await Call(Nodes.CreateNodeAsync(new CreateNodeRequest { Node = imported }, Deadline()));

        await using var agent = await StartAgentAsync();
        var id = await WaitForStateFileAsync();
        Assert.Equal(existing.Id, id);
        var node = await WaitForNodeAsync(id, n => n.AgentPort == agent.Port);
        Assert.Equal("prod", node.Labels["env"]);
        Assert.Equal(host.Primary!.Name, node.Veth);
        await WaitForHealthAsync(id, h => h.Status == HealthStatus.Ready);
    }

    [Fact]
    public async Task NodeDeleted_NotFound_RegisteredAgainUnderSameId()
    {
        await using var agent = await StartAgentAsync();
        var id = await WaitForStateFileAsync();
        await WaitForHealthAsync(id, h => h.Status == HealthStatus.Ready);

        await Call(Nodes.DeleteNodeAsync(new DeleteNodeRequest { Id = id }, Deadline()));

        var node = await WaitForNodeAsync(id, _ => true);
        Assert.Equal(1, node.Version);
        await WaitForHealthAsync(id, h => h.Status == HealthStatus.Ready);
    }

    [Fact]
    public async Task TwoEndpoints_FirstRefusesConnections_RegistersAndHeartbeatsThroughSecond_Ready()
    {
        var closed = new Uri($"http://127.0.0.1:{LoopbackHost.FreePort()}"); // nothing listens there
        await using var agent = await AgentHost.StartAsync([closed, Server.Grpc], firstServer: 0, StateDir, _dir.Path);

        var id = await WaitForStateFileAsync();
        await WaitForHealthAsync(id, h => h.Status == HealthStatus.Ready);
        await Poll("heartbeats through the second endpoint", () => Task.FromResult(agent.Session), s => s.Seq >= 3);
        Assert.Equal(Server.Grpc, agent.Endpoints.CurrentAddress);
        Assert.Equal(HealthStatus.Ready, agent.Session.LastStatus);
    }

    [Fact]
    public async Task TwoEndpoints_OneHoldingTheStreamDies_HeartbeatsContinueThroughTheOtherWithinSeconds_NeverLeavesReady()
    {
        // The endpoint that dies is a forwarder to the same server (two servers cannot share one registry): cutting it
        // resets every connection through it and refuses new ones, as a killed silo's address would.
        await using var doomed = new TcpProxy(Server.Grpc);
        await using var agent = await AgentHost.StartAsync([doomed.Address, Server.Grpc], firstServer: 0, StateDir, _dir.Path);
        var id = await WaitForStateFileAsync();
        await WaitForHealthAsync(id, h => h.Status == HealthStatus.Ready);
        await Poll("heartbeats through the first endpoint", () => Task.FromResult(agent.Session), s => s.Interval == TimeSpan.FromMilliseconds(200) && s.Seq >= 3);
        Assert.Equal(doomed.Address, agent.Endpoints.CurrentAddress);

        using var sampling = new CancellationTokenSource();
        var samples = SampleHealthAsync(id, sampling.Token);
        var seqAtCut = agent.Session.Seq;
        await doomed.CutAsync();
        var cutAt = DateTimeOffset.UtcNow;

        // Nothing reaches the server through the forwarder any more: a heartbeat stamped two intervals after the cut
        // came over a new stream through the second endpoint.
        var resumed = await WaitForHealthAsync(id, h => h.LastHeartbeatTime is { } t && t.ToDateTimeOffset() > cutAt.AddMilliseconds(400), within: TimeSpan.FromSeconds(5));
        Assert.Equal(Server.Grpc, agent.Endpoints.CurrentAddress);
        Assert.True(agent.Session.Seq > seqAtCut + 1, $"seq {agent.Session.Seq} now, {seqAtCut} at the cut");

        // Past the grace period (1 s) after the cut, and the node was READY and never missed its grace all along.
        await WaitForHealthAsync(id, h => h.LastHeartbeatTime is { } t && t.ToDateTimeOffset() > cutAt.AddSeconds(2));
        await sampling.CancelAsync();
        var seen = await samples.WaitAsync(TestTimeout.Default);
        Assert.True(seen.Count > 10, $"{seen.Count} samples");
        Assert.All(seen, h => Assert.Equal(HealthStatus.Ready, h.Status));
        Assert.DoesNotContain(seen, h => h.Conditions.Any(c => c.Type == "HeartbeatMissed" && c.Status));
        Assert.Equal(HealthStatus.Ready, resumed.Status);
    }

    /// <summary>GetNodeHealth every 50 ms until cancelled: a NOT_READY needs two good heartbeats (400 ms) to clear, so none slips between samples.</summary>
    private async Task<List<NodeHealth>> SampleHealthAsync(string id, CancellationToken cancellationToken)
    {
        var samples = new List<NodeHealth>();
        try
        {
            while (!cancellationToken.IsCancellationRequested)
            {
                samples.Add(await Call(HealthApi.GetNodeHealthAsync(new GetNodeHealthRequest { NodeId = id }, Deadline())));
                await Task.Delay(50, cancellationToken);
            }
        }
        catch (OperationCanceledException)
        {
        }

        return samples;
    }

    private Task<AgentHost> StartAgentAsync(Uri? server = null, string[]? extra = null) =>
        AgentHost.StartAsync(server ?? Server.Grpc, StateDir, _dir.Path, extra: extra ?? []);

    private static CallOptions Deadline() => new(deadline: DateTime.UtcNow.AddSeconds(10));

    private static async Task<TResponse> Call<TResponse>(AsyncUnaryCall<TResponse> call)
    {
        using (call)
        {
            return await call.ResponseAsync.WaitAsync(TestTimeout.Default);
        }
    }

    private async Task<string> WaitForStateFileAsync() =>
        await Poll("the state file", () =>
        {
            var path = Path.Combine(StateDir, "node-id");
            return Task.FromResult(File.Exists(path) ? File.ReadAllText(path).Trim() : null);
        }, id => id is { Length: > 0 }) ?? "";

    private Task<NodeHealth> WaitForHealthAsync(string id, Func<NodeHealth, bool> condition, TimeSpan? within = null) =>
        Poll($"health of {id}", () => Call(HealthApi.GetNodeHealthAsync(new GetNodeHealthRequest { NodeId = id }, Deadline())), condition, within);

    private async Task<Node> WaitForNodeAsync(string id, Func<Node, bool> condition) =>
        await Poll($"node {id}", async () =>
        {
            try
            {
                return await Call(Nodes.GetNodeAsync(new GetNodeRequest { Id = id }, Deadline()));
            }
            catch (RpcException ex) when (ex.StatusCode == StatusCode.NotFound)
            {
                return null;
            }
        }, n => n is not null && condition(n)) ?? throw new InvalidOperationException("unreachable");

    /// <summary>Polls until <paramref name="done"/> holds, with a deadline (default 20 s); no fixed sleeps.</summary>
    private static async Task<T> Poll<T>(string what, Func<Task<T>> read, Func<T, bool> done, TimeSpan? within = null)
    {
        var limit = within ?? TimeSpan.FromSeconds(20);
        var deadline = DateTime.UtcNow + limit;
        T value;
        do
        {
            value = await read();
            if (done(value))
            {
                return value;
            }

            await Task.Delay(50);
        }
        while (DateTime.UtcNow < deadline);

        throw new Xunit.Sdk.XunitException($"{what}: condition not reached in {limit.TotalSeconds:0.#} s; last value: {value}");
    }
}
