using System.Net;
using System.Text.Json.Nodes;
using Grpc.Core;
using NodeManager.Contracts.V1;
using NodeManager.Server.Tests.Infrastructure;
using NodeManager.Testing;

namespace NodeManager.Server.Tests.Health;

/// <summary>
/// Heartbeats end to end over real HTTP/2 (interval 1 s, grace 10 s, DOWN after 60 s, sweep every 100 ms,
/// probe timeout 5 s): streams, goodbye, fallback probes, recovery, conditions, drift, REST and metrics.
/// Every test here needs a READY node to stay READY between its steps, and most nodes have no agent to
/// answer a probe: the grace is long so that a loaded machine, where the test or the server may stall
/// for seconds, does not see one go stale. Silence judged within seconds: <see cref="BrokenStreamTestsBase"/>
/// and <see cref="DecommissionedHealthTestsBase"/>.
/// </summary>
public abstract class HeartbeatTestsBase : HealthTestsBase
{
    protected override string[] ExtraArgs =>
    [
        "--NodeManager:Health:HeartbeatInterval=00:00:01",
        "--NodeManager:Health:GracePeriod=00:00:10",
        "--NodeManager:Health:DownAfter=00:01:00",
        "--NodeManager:Health:SweepInterval=00:00:00.1",
        "--NodeManager:Health:ProbeTimeout=00:00:05",
        "--NodeManager:Health:StartupGrace=00:00:00",
    ];

    [StoreFact]
    public async Task StreamHeartbeats_EveryHeartbeatAckedWithSeqAndInterval_NodeReady()
    {
        var id = await RegisterAsync(1);
        Assert.Equal(HealthStatus.Unknown, (await HealthAsync(id)).Status);
        using var call = HealthClient.StreamHeartbeats(deadline: DateTime.UtcNow.AddSeconds(30));
        for (ulong seq = 1; seq <= 3; seq++)
        {
            await call.RequestStream.WriteAsync(Beat(id, seq));
            Assert.True(await call.ResponseStream.MoveNext(CancellationToken.None));
            Assert.Equal(seq, call.ResponseStream.Current.Seq);
            Assert.Equal(TimeSpan.FromSeconds(1), call.ResponseStream.Current.Interval.ToTimeSpan());
            Assert.Equal(HealthStatus.Ready, call.ResponseStream.Current.Status);
        }

        var health = await HealthAsync(id);
        Assert.Equal((HealthStatus.Ready, DecidedBy.Heartbeat), (health.Status, health.DecidedBy));
        var node = await Json.ReadAsync(await Client.SendAsync(HttpMethod.Get, $"/v1/nodes/{id}"));
        Assert.Equal("HEALTH_STATUS_READY", node["health"]!["status"]!.GetValue<string>());

        await call.RequestStream.WriteAsync(new Heartbeat { NodeId = id, Seq = 4, Goodbye = true });
        Assert.True(await call.ResponseStream.MoveNext(CancellationToken.None));
        await call.RequestStream.CompleteAsync();
        var bye = await WaitForAsync(id, h => h.Status == HealthStatus.NotReady);
        Assert.Equal((DecidedBy.AgentShutdown, "AgentShutdown"), (bye.DecidedBy, bye.Reason));
    }

    [StoreFact]
    public async Task HeartbeatsStop_AgentAnswersProbe_StaysReadyDegradedThenRecoversOnHeartbeats()
    {
        await using var agent = await FakeAgent.StartAsync();
        var id = await RegisterAsync(3, agent.Port);
        await HealthClient.ReportHeartbeatAsync(Beat(id, 1));
        var degraded = await WaitForAsync(id, h => h.Conditions.Any(c => c.Type == "HeartbeatPathDegraded"));
        Assert.Equal((HealthStatus.Ready, DecidedBy.Probe), (degraded.Status, degraded.DecidedBy));

        agent.Serving = false;
        var notReady = await WaitForAsync(id, h => h.Status == HealthStatus.NotReady);
        Assert.Equal(DecidedBy.Probe, notReady.DecidedBy);

        await HealthClient.ReportHeartbeatAsync(Beat(id, 2));
        Assert.Equal(HealthStatus.NotReady, (await HealthAsync(id)).Status);
        var ack = await HealthClient.ReportHeartbeatAsync(Beat(id, 3));
        Assert.Equal(HealthStatus.Ready, ack.Status);
        var recovered = await HealthAsync(id);
        Assert.Equal("Recovered", recovered.Reason);
        Assert.DoesNotContain(recovered.Conditions, c => c.Type is "ProbeFailed" or "HeartbeatPathDegraded" or "HeartbeatMissed");
    }

    [StoreFact]
    public async Task CriticalCondition_MakesNotReadyWithItsReason_AndAddressDriftIsRaised()
    {
        await using var agent = await FakeAgent.StartAsync();
        var id = await RegisterAsync(4, agent.Port);
        await HealthClient.ReportHeartbeatAsync(Beat(id, 1));
        var sick = Beat(id, 2);
        sick.Conditions.Add(new ReportedCondition { Type = "DiskPressure", Status = true, Severity = ConditionSeverity.Critical, Reason = "DiskFull", Message = "/ is 99% full" });
        sick.Observed = new ObservedAddresses { Ip = "10.9.9.9", Veth = "veth0" };
        var ack = await HealthClient.ReportHeartbeatAsync(sick);
        Assert.Equal(HealthStatus.NotReady, ack.Status);
        var health = await HealthAsync(id);
        Assert.Equal(("DiskFull", DecidedBy.Heartbeat), (health.Reason, health.DecidedBy));
        var drift = Assert.Single(health.Conditions, c => c.Type == "AddressDrift");
        Assert.Contains("10.9.9.9", drift.Message);
        Assert.Equal("server", drift.Source);
    }

    [StoreFact]
    public async Task Heartbeat_UnknownOrInvalidNode_IsRejected()
    {
        var unknown = await Assert.ThrowsAsync<RpcException>(() => HealthClient.ReportHeartbeatAsync(Beat("3fa85f64-5717-4562-b3fc-2c963f66afa6", 1)).ResponseAsync);
        Assert.Equal(StatusCode.NotFound, unknown.StatusCode);
        var invalid = await Assert.ThrowsAsync<RpcException>(() => HealthClient.ReportHeartbeatAsync(Beat("nope", 1)).ResponseAsync);
        Assert.Equal(StatusCode.InvalidArgument, invalid.StatusCode);
        Assert.StartsWith("node_id: ", invalid.Status.Detail);
    }

    [StoreFact]
    public async Task Rest_HeartbeatHealthAndList_Work()
    {
        var id = await RegisterAsync(5);
        var ack = await Client.SendAsync(HttpMethod.Post, $"/v1/nodes/{id}/heartbeat", """{"seq":"7"}""");
        Assert.Equal(HttpStatusCode.OK, ack.StatusCode);
        Assert.Equal("7", (await Json.ReadAsync(ack))["seq"]!.GetValue<string>());
        var health = await Json.ReadAsync(await Client.SendAsync(HttpMethod.Get, $"/v1/nodes/{id}/health"));
        Assert.Equal("HEALTH_STATUS_READY", health["status"]!.GetValue<string>());
        var ready = await Json.ReadAsync(await Client.SendAsync(HttpMethod.Get, "/v1/health?status=READY"));
        Assert.Contains(ready["health"]!.AsArray(), h => h!["nodeId"]!.GetValue<string>() == id);
        Assert.Equal("DisruptionGuard", ready["clusterConditions"]![0]!["type"]!.GetValue<string>());
        var bad = await Client.SendAsync(HttpMethod.Get, "/v1/health?status=SLEEPY");
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        Assert.Equal("status", (await Json.ReadAsync(bad))["errors"]![0]!["field"]!.GetValue<string>());
    }

    [StoreFact]
    public async Task Metrics_CountHeartbeatsTransitionsAndNodesByStatus()
    {
        var id = await RegisterAsync(6);
        await HealthClient.ReportHeartbeatAsync(Beat(id, 1));
        await HealthClient.ReportHeartbeatAsync(Beat(id, 2));
        var scrape = await NodeManager.Server.Tests.Metrics.PrometheusScrape.GetAsync(Client);
        Assert.Equal("counter", scrape.Family("nodemanager_heartbeats").Type);
        Assert.Equal(2, scrape.Value("nodemanager_heartbeats_total"));
        Assert.Equal(1, scrape.Value("nodemanager_health_transitions_total", ("status", "ready")));
        Assert.Equal(1, scrape.Value("nodemanager_nodes", ("status", "ready")));
        Assert.Equal(0, scrape.Value("nodemanager_disruption_guard"));
        var buffers = (long)(scrape.Value("nodemanager_process_buffer_pool_in_use_bytes") + scrape.Value("nodemanager_process_buffer_pool_idle_bytes"));
        Assert.True(buffers > 0 && buffers % 1024 == 0, $"Kestrel's transport takes its buffers from our pool of 1 KiB blocks: {buffers} bytes");
    }

    [StoreFact]
    public async Task Goodbye_NodeInMaintenance_TransitionRecordedAndFlaggedExpected()
    {
        var id = await RegisterAsync(7);
        await TransitionAsync(id, "COMMISSIONED");
        await HealthClient.ReportHeartbeatAsync(Beat(id, 1));
        Assert.False((await HealthAsync(id)).Expected);
        await TransitionAsync(id, "MAINTENANCE");

        await HealthClient.ReportHeartbeatAsync(new Heartbeat { NodeId = id, Seq = 2, Goodbye = true });

        var health = await HealthAsync(id);
        Assert.Equal((HealthStatus.NotReady, DecidedBy.AgentShutdown, true), (health.Status, health.DecidedBy, health.Expected));
        var rest = await Json.ReadAsync(await Client.SendAsync(HttpMethod.Get, $"/v1/nodes/{id}/health"));
        Assert.True(rest["expected"]!.GetValue<bool>());
    }

    [StoreFact]
    public async Task ReportHeartbeat_ManyFirstHeartbeatsAtOnce_EveryTransitionDurableBeforeItsAck()
    {
        var import = "[" + string.Join(",", Enumerable.Range(100, 300).Select(i => Json.NodeJson(i))) + "]";
        Assert.Equal(HttpStatusCode.OK, (await Client.SendAsync(HttpMethod.Post, "/v1/nodes:import", import)).StatusCode);
        var listed = await Json.ReadAsync(await Client.SendAsync(HttpMethod.Get, "/v1/nodes?page_size=1000"));
        var ids = listed["nodes"]!.AsArray().Select(n => n!["id"]!.GetValue<string>()).ToList();
        Assert.Equal(300, ids.Count);
        var store = (NodeManager.Core.Storage.IHealthStore)Server.Services.GetService(typeof(NodeManager.Core.Storage.IHealthStore))!;

        // 300 first heartbeats in flight at once share commits; every one is acked READY and stored.
        var durableAtAck = await Task.WhenAll(ids.Select(async id =>
        {
            var ack = await HealthClient.ReportHeartbeatAsync(Beat(id, 1), deadline: DateTime.UtcNow.AddSeconds(60));
            return ack.Status == HealthStatus.Ready;
        }));
        var stored = (await store.LoadHealthAsync(CancellationToken.None)).Where(h => ids.Contains(h.NodeId.ToString("D"))).ToList();

        Assert.All(durableAtAck, Assert.True);
        Assert.Equal(300, stored.Count(h => h.Status == NodeManager.Core.Health.HealthStatus.Ready));
    }
}
