using Grpc.Core;
using NodeManager.Contracts.V1;
using NodeManager.Server.Tests.Infrastructure;
using NodeManager.Testing;

namespace NodeManager.Server.Tests.Changes;

/// <summary>Watch limits with a tiny buffer and aggressive compaction: cut-off with a resume revision, relist when too old.</summary>
public abstract class WatchLimitsTestsBase : ServerTestBase
{
    private NodeService.NodeServiceClient? _nodes;

    private NodeService.NodeServiceClient Nodes => _nodes ??= new(Channel);

    protected override string[] ExtraArgs =>
    [
        "--NodeManager:Events:WatcherBuffer=5",
        "--NodeManager:Events:Retention=00:00:00.001",
        "--NodeManager:Events:KeepAtLeast=0",
        "--NodeManager:Events:CompactionInterval=00:00:00.2",
    ];

    [StoreFact]
    public async Task WatchNodes_RevisionOlderThanRetention_OutOfRangeSaysRelist()
    {
        await CreateAsync(1);
        await CreateAsync(2);

        // Compaction (every 200 ms, retention 1 ms) soon drops both revisions; until it has, the watch replays
        // revision 2 (or a loaded server answers late): watch again, for up to 60 s.
        var deadline = DateTime.UtcNow.AddSeconds(60);
        RpcException? error = null;
        for (var attempt = 0; attempt < 300 && DateTime.UtcNow < deadline; attempt++)
        {
            using var call = Nodes.WatchNodes(new WatchNodesRequest { AfterRevision = 1 });
            using var wait = new CancellationTokenSource(TimeSpan.FromSeconds(10));
            try
            {
                await call.ResponseStream.MoveNext(wait.Token);
            }
            catch (RpcException ex) when (ex.StatusCode == StatusCode.OutOfRange)
            {
                error = ex;
                break;
            }
            catch (Exception ex) when (ex is OperationCanceledException or RpcException)
            {
                // not answered in 10 s, or failed: watch again
            }

            await Task.Delay(200);
        }

        Assert.NotNull(error);
        Assert.Contains("list again", error.Status.Detail);
    }

    [StoreFact]
    public async Task WatchNodes_ReaderTooSlow_CutOffWithResumeRevision()
    {
        var start = (await Nodes.ListNodesAsync(new ListNodesRequest())).Revision;
        using var call = Nodes.WatchNodes(new WatchNodesRequest { AfterRevision = start, ExcludeHealth = true });

        // One event read proves the server subscribed to the live feed before the burst (a loaded
        // machine may start the handler late; it would then replay the burst from the store, paced).
        await CreateAsync(5000);
        using (var first = new CancellationTokenSource(TimeSpan.FromSeconds(30)))
        {
            Assert.True(await call.ResponseStream.MoveNext(first.Token));
        }

        // A burst the reader does not read for a second overflows its 5-event buffer. How much the
        // transport absorbs first varies with the machine, so a burst that went through whole is
        // followed by another (at most three); a server that never cuts a slow reader off fails.
        var received = 0L;
        RpcException? ex = null;
        Task<bool>? next = null;
        for (var burst = 0; burst < 3 && ex is null; burst++)
        {
            var rows = Enumerable.Range(burst * 1500, 1500).Select(i => Json.NodeJson(i, $",\"serialNumber\":\"{new string('s', 100)}\""));
            Assert.Equal(System.Net.HttpStatusCode.OK, (await Client.SendAsync(HttpMethod.Post, "/v1/nodes:import", "[" + string.Join(",", rows) + "]")).StatusCode);
            await Task.Delay(1000);
            while (ex is null)
            {
                // No token on MoveNext: cancelling it would cancel the call. A read still pending after 10 s means the burst went through whole.
                next ??= call.ResponseStream.MoveNext(CancellationToken.None);
                if (await Task.WhenAny(next, Task.Delay(TimeSpan.FromSeconds(10))) != next)
                {
                    break;
                }

                try
                {
                    Assert.True(await next, "the watch ended without an error");
                    received = call.ResponseStream.Current.Revision;
                    next = null;
                }
                catch (RpcException error)
                {
                    ex = error;
                }
            }
        }

        Assert.NotNull(ex);
        Assert.Equal(StatusCode.ResourceExhausted, ex.StatusCode);
        Assert.Contains("resume with after_revision=", ex.Status.Detail);
        Assert.Equal(received.ToString(System.Globalization.CultureInfo.InvariantCulture), ex.Trailers.GetValue("resume-after-revision"));
        Assert.True(received > start);
    }
}
