using System.Net;
using Grpc.Core;
using NodeManager.Contracts.V1;
using NodeManager.Server.Tests.Infrastructure;
using NodeManager.Testing;

namespace NodeManager.Server.Tests.Changes;

/// <summary>The change feed end to end: list-then-watch, every change in revision order, resume without gaps, SSE.</summary>
public abstract class WatchTestsBase : ServerTestBase
{
    private NodeService.NodeServiceClient? _nodes;
    private HealthService.HealthServiceClient? _health;

    private NodeService.NodeServiceClient Nodes => _nodes ??= new(Channel);

    private HealthService.HealthServiceClient HealthClient => _health ??= new(Channel);

    /// <summary>Creates node i, updates it, sends it a heartbeat (UNKNOWN → READY) and deletes it: four events.</summary>
    private async Task<string> ChurnAsync(int i)
    {
        var id = (await CreateAsync(i))["id"]!.GetValue<string>();
        Assert.Equal(HttpStatusCode.OK, (await Client.SendAsync(HttpMethod.Put, $"/v1/nodes/{id}", Json.NodeJson(i, ",\"veth\":\"v1\""))).StatusCode);
        await HealthClient.ReportHeartbeatAsync(new Heartbeat { NodeId = id, Seq = 1 });
        Assert.Equal(HttpStatusCode.NoContent, (await Client.SendAsync(HttpMethod.Delete, $"/v1/nodes/{id}")).StatusCode);
        return id;
    }

    [StoreFact]
    public async Task WatchNodes_AfterListRevision_SeesEveryChangeInRevisionOrder()
    {
        await CreateAsync(100);
        var listed = await Nodes.ListNodesAsync(new ListNodesRequest());
        Assert.Single(listed.Nodes);
        using var call = Nodes.WatchNodes(new WatchNodesRequest { AfterRevision = listed.Revision });
        var id = await ChurnAsync(1);

        var events = await WatchStreams.TakeAsync(call.ResponseStream, 4);
        Assert.Equal(
            [NodeEventType.Created, NodeEventType.Updated, NodeEventType.HealthChanged, NodeEventType.Deleted],
            events.Select(e => e.Type));
        Assert.All(events, e => Assert.Equal(id, e.NodeId));
        Assert.True(events.Zip(events.Skip(1)).All(p => p.First.Revision < p.Second.Revision));
        Assert.True(events[0].Revision > listed.Revision);
        Assert.Equal("v1", events[1].Node.Veth);
        Assert.Equal(HealthStatus.Ready, events[2].Health.Status);
    }

    [StoreFact]
    public async Task WatchNodes_ResumedAfterDisconnect_NoGapsNoDuplicates()
    {
        var start = (await Nodes.ListNodesAsync(new ListNodesRequest())).Revision;
        await ChurnAsync(1);
        await ChurnAsync(2);

        List<NodeEvent> all;
        using (var full = Nodes.WatchNodes(new WatchNodesRequest { AfterRevision = start }))
        {
            all = await WatchStreams.TakeAsync(full.ResponseStream, 8);
        }

        List<NodeEvent> firstPart;
        using (var first = Nodes.WatchNodes(new WatchNodesRequest { AfterRevision = start }))
        {
            firstPart = await WatchStreams.TakeAsync(first.ResponseStream, 3);
        }

        await ChurnAsync(3);
        using var resumed = Nodes.WatchNodes(new WatchNodesRequest { AfterRevision = firstPart[^1].Revision });
        var rest = await WatchStreams.TakeAsync(resumed.ResponseStream, 9);

        var seen = firstPart.Concat(rest).Select(e => e.Revision).ToList();
        Assert.Equal(12, seen.Count);
        Assert.Equal(seen.Distinct().Order(), seen);
        Assert.Equal(all.Select(e => e.Revision), seen.Take(8));
    }

    [StoreFact]
    public async Task WatchNodeHealth_WithSelector_SeesOnlyMatchingTransitions()
    {
        var prod = (await CreateAsync(2))["id"]!.GetValue<string>();
        var dev = (await CreateAsync(3))["id"]!.GetValue<string>();
        var revision = (await Nodes.ListNodesAsync(new ListNodesRequest())).Revision;
        using var call = HealthClient.WatchNodeHealth(new WatchNodeHealthRequest { LabelSelector = "env=prod", AfterRevision = revision });
        await HealthClient.ReportHeartbeatAsync(new Heartbeat { NodeId = dev, Seq = 1 });
        await HealthClient.ReportHeartbeatAsync(new Heartbeat { NodeId = prod, Seq = 1 });
        var first = Assert.Single(await WatchStreams.TakeAsync(call.ResponseStream, 1));
        Assert.Equal((prod, HealthStatus.Ready), (first.Health.NodeId, first.Health.Status));
    }

    [StoreFact]
    public async Task WatchNodes_BadSelectorOrNegativeRevision_InvalidArgument()
    {
        using var call = Nodes.WatchNodes(new WatchNodesRequest { LabelSelector = "env in ()" });
        var ex = await Assert.ThrowsAsync<RpcException>(() => call.ResponseStream.MoveNext(CancellationToken.None));
        Assert.Equal(StatusCode.InvalidArgument, ex.StatusCode);
        Assert.StartsWith("label_selector: ", ex.Status.Detail);
    }

    [StoreFact]
    public async Task ServerSentEvents_StreamChangesWithRevisionIds_AndResumeWithLastEventId()
    {
        var start = (await Nodes.ListNodesAsync(new ListNodesRequest())).Revision;
        var id = (await CreateAsync(5))["id"]!.GetValue<string>();
        await CreateAsync(6);

        var first = await ReadSseAsync($"/v1/events?after_revision={start}", null, 1);
        Assert.Contains("event: NODE_EVENT_TYPE_CREATED", first[0]);
        Assert.Contains(id, first[0]);
        var revision = first[0].Split('\n')[0]["id: ".Length..];

        var next = await ReadSseAsync("/v1/events", revision, 1);
        Assert.Contains("node-6", next[0]);

        var old = await Client.SendAsync(HttpMethod.Get, "/v1/events?after_revision=abc");
        Assert.Equal(HttpStatusCode.BadRequest, old.StatusCode);
    }

    private async Task<List<string>> ReadSseAsync(string path, string? lastEventId, int count)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        if (lastEventId is not null)
        {
            request.Headers.Add("Last-Event-ID", lastEventId);
        }

        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        using var response = await Client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, timeout.Token);
        Assert.Equal("text/event-stream", response.Content.Headers.ContentType!.MediaType);
        using var reader = new StreamReader(await response.Content.ReadAsStreamAsync(timeout.Token));
        var events = new List<string>();
        var current = new System.Text.StringBuilder();
        while (events.Count < count && await reader.ReadLineAsync(timeout.Token) is { } line)
        {
            if (line.Length == 0)
            {
                if (current.Length > 0 && !current.ToString().StartsWith(':'))
                {
                    events.Add(current.ToString());
                }

                current.Clear();
            }
            else
            {
                current.Append(line).Append('\n');
            }
        }

        return events;
    }
}
