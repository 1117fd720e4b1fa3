using Microsoft.Extensions.DependencyInjection;
using NodeManager.Core.Changes;
using NodeManager.Core.Nodes;
using NodeManager.Core.Storage;
using NodeManager.Server.Changes;
using NodeManager.Server.Health;
using NodeManager.Server.Tests.Infrastructure;
using NodeManager.Testing;

namespace NodeManager.Server.Tests.Health;

/// <summary>
/// The health registry learns of a node write twice: at once from the instance that wrote it, later from
/// the change feed. The feed's copy may be older than what the registry already holds; it must not win.
/// </summary>
public abstract class HealthRegistryFeedTestsBase : HealthTestsBase
{
    [StoreFact]
    public async Task OnChanges_OlderNodeEventsAfterDecommission_EntryKeepsNewestLifecycleAndSpec()
    {
        var id = await RegisterAsync(1);
        var updated = await Client.SendAsync(HttpMethod.Put, $"/v1/nodes/{id}", Json.NodeJson(1, ",\"veth\":\"veth9\""));
        Assert.Equal(System.Net.HttpStatusCode.OK, updated.StatusCode);
        foreach (var state in new[] { "COMMISSIONED", "MAINTENANCE", "DECOMMISSIONED" })
        {
            await TransitionAsync(id, state);
        }

        var nodeId = Guid.Parse(id);
        var events = (await Server.Services.GetRequiredService<IChangeFeed>().ReadEventsAsync(0, 1000, CancellationToken.None).WaitAsync(TestTimeout.Default))
            .Where(e => e.NodeId == nodeId && e.Node is not null)
            .ToList();
        var newest = events[^1].Node!;
        Assert.Equal(LifecycleState.Decommissioned, newest.LifecycleState);
        await FeedDeliveredAsync(events[^1].Revision);

        // The feed replays every event of the node (created, updated, commissioned, maintenance, decommissioned) after the newest write.
        var registry = Server.Services.GetRequiredService<HealthRegistry>();
        var entry = registry.Find(nodeId)!;
        foreach (var change in events)
        {
            registry.OnChanges([change]);
            lock (entry.Gate)
            {
                Assert.Equal((LifecycleState.Decommissioned, newest.Spec), (entry.Lifecycle, entry.Spec));
            }
        }
    }

    /// <summary>Waits until this instance's change-feed pump handed the event at <paramref name="revision"/> to its listeners (the registry).</summary>
    private async Task FeedDeliveredAsync(long revision)
    {
        var hub = Server.Services.GetRequiredService<ChangeFeedHub>();
        var watcher = await hub.SubscribeAsync(CancellationToken.None).WaitAsync(TestTimeout.Default);
        try
        {
            // Listeners get each batch before watchers do: a watcher that starts after, or sees, the revision proves it delivered.
            var seen = watcher.StartAfter;
            while (seen < revision)
            {
                seen = (await watcher.Events.ReadAsync().AsTask().WaitAsync(TestTimeout.Default)).Revision;
            }
        }
        finally
        {
            hub.Unsubscribe(watcher);
        }
    }
}
