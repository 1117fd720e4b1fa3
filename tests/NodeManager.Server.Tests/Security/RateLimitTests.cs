using System.Net;
using Grpc.Core;
using NodeManager.Contracts.V1;

namespace NodeManager.Server.Tests.Security;

/// <summary>Per-identity request limits and per-node heartbeat limits: the caller over its limit is told when to retry; others carry on.</summary>
public sealed class RateLimitTests : SecuredServerTestBase
{
    private const int Attempts = 200;

    protected override string[] ExtraArgs =>
    [
        "--NodeManager:Security:RateLimits:RequestsPerSecond=1",
        "--NodeManager:Security:RateLimits:Burst=1",
        "--NodeManager:Security:RateLimits:HeartbeatsPerInterval=3",
        "--NodeManager:Health:HeartbeatInterval=00:01:00",
        "--NodeManager:Health:GracePeriod=00:03:00",
        "--NodeManager:Health:DownAfter=00:10:00",
    ];

    [Fact]
    public async Task Rest_OverTheLimit_429WithRetryAfter_AnotherCallerUnaffected()
    {
        var greedy = Tokens.Operator("viewer", subject: "greedy");
        HttpResponseMessage? refused = null;
        for (var i = 0; i < Attempts && refused is null; i++)
        {
            var response = await SendAsync(greedy, HttpMethod.Get, "/v1/nodes");
            refused = response.StatusCode == HttpStatusCode.TooManyRequests ? response : null;
        }

        Assert.NotNull(refused);
        Assert.True(refused.Headers.RetryAfter?.Delta >= TimeSpan.FromSeconds(1), $"Retry-After: {refused.Headers.RetryAfter}");
        Assert.Equal(HttpStatusCode.OK, (await SendAsync(Tokens.Operator("viewer", subject: "patient"), HttpMethod.Get, "/v1/nodes")).StatusCode);
    }

    [Fact]
    public async Task Grpc_OverTheLimit_ResourceExhaustedWithRetryAfter()
    {
        var client = new NodeService.NodeServiceClient(Channel);
        var greedy = Tokens.Operator("viewer", subject: "greedy-grpc");
        RpcException? refused = null;
        for (var i = 0; i < Attempts && refused is null; i++)
        {
            try
            {
                await client.ListNodesAsync(new ListNodesRequest(), As(greedy));
            }
            catch (RpcException ex)
            {
                refused = ex;
            }
        }

        Assert.NotNull(refused);
        Assert.Equal(StatusCode.ResourceExhausted, refused.StatusCode);
        Assert.Contains("retry after", refused.Status.Detail, StringComparison.Ordinal);
        Assert.NotNull(refused.Trailers.GetValue("retry-after"));
        Assert.Empty((await client.ListNodesAsync(new ListNodesRequest(), As(Tokens.Operator("viewer", subject: "other-grpc")))).Nodes);
    }

    [Fact]
    public async Task Heartbeats_OverTheNodesAllowance_ResourceExhausted_AnotherNodeUnaffected()
    {
        // Each node registered by its own agent: one request per identity, within the request limit.
        var nodes = new NodeService.NodeServiceClient(Channel);
        var a = Guid.NewGuid();
        var b = Guid.NewGuid();
        await nodes.CreateNodeAsync(new CreateNodeRequest { Node = new Node { Id = a.ToString(), Name = "a", Ip = "10.8.0.1" } }, As(Tokens.Node(a)));
        await nodes.CreateNodeAsync(new CreateNodeRequest { Node = new Node { Id = b.ToString(), Name = "b", Ip = "10.8.0.2" } }, As(Tokens.Node(b)));

        var health = new HealthService.HealthServiceClient(Channel);
        // Streams and calls from identities not yet used (the request limit is 1/s per identity here).
        using var stream = health.StreamHeartbeats(As(Tokens.Operator("operator", subject: "streamer")));
        RpcException? refused = null;
        var acked = 0;
        for (ulong seq = 1; seq <= Attempts && refused is null; seq++)
        {
            await stream.RequestStream.WriteAsync(new Heartbeat { NodeId = a.ToString(), Seq = seq });
            try
            {
                Assert.True(await stream.ResponseStream.MoveNext());
                acked++;
            }
            catch (RpcException ex)
            {
                refused = ex;
            }
        }

        Assert.NotNull(refused);
        Assert.Equal(StatusCode.ResourceExhausted, refused.StatusCode);
        Assert.Equal(3, acked);
        Assert.Contains("retry after", refused.Status.Detail, StringComparison.Ordinal);

        var ack = await health.ReportHeartbeatAsync(new Heartbeat { NodeId = b.ToString(), Seq = 1 }, As(Tokens.Operator("operator", subject: "reporter")));
        Assert.Equal(1UL, ack.Seq);
    }
}
