using NodeManager.Ui.Tests.Infrastructure;

namespace NodeManager.Ui.Tests;

/// <summary>The change feed reaching open pages: a killed agent's node turns NOT_READY without a reload.</summary>
public sealed class LiveHealthTests(BrowserFixture browser) : BrowserTest(browser)
{
    [ChromiumFact]
    public async Task KilledAgent_OpenListAndNodePage_ShowNotReadyWithoutReload()
    {
        using var agent = AgentProcess.Start(Server.Grpc, "agent-ui.test");
        var id = await WaitForReadyAsync(agent);

        var list = await OpenAsync("#/nodes?search=agent-ui");
        var row = list.Locator($"#node-table tbody tr[data-id='{id}']");
        await Expect(row).ToHaveAttributeAsync("data-status", "READY");
        var node = await OpenAsync($"#/nodes/{id}");
        await Expect(node.Locator("#health-status")).ToContainTextAsync("READY");
        await Expect(list.Locator("#feed-status")).ToHaveTextAsync("live");
        await Expect(node.Locator("#feed-status")).ToHaveTextAsync("live");

        // A reload would lose this mark.
        await list.EvaluateAsync("() => { window.__notReloaded = true; }");
        await node.EvaluateAsync("() => { window.__notReloaded = true; }");

        agent.Kill();

        await Expect(row).ToHaveAttributeAsync("data-status", "NOT_READY");
        await Expect(row.Locator("td.health")).ToHaveTextAsync("NOT READY");
        await Expect(node.Locator("#health-status")).ToContainTextAsync("NOT READY");
        await Expect(node.Locator("#timeline li.live[data-kind='HEALTH_CHANGED']").First).ToContainTextAsync("READY → NOT_READY");
        Assert.True(await list.EvaluateAsync<bool>("() => window.__notReloaded === true"), "the node list was reloaded");
        Assert.True(await node.EvaluateAsync<bool>("() => window.__notReloaded === true"), "the node page was reloaded");

        // The API agrees, and the page says what decided it: the broken stream (or, on a machine so loaded that the
        // sweep came only after the grace period, the probe).
        var health = await Server.GetAsync($"/v1/nodes/{id}/health");
        Assert.Equal("HEALTH_STATUS_NOT_READY", health["status"]!.GetValue<string>());
        var decidedBy = health["decidedBy"]!.GetValue<string>().Replace("DECIDED_BY_", "", StringComparison.Ordinal);
        Assert.Contains(decidedBy, (string[])["STREAM_CLOSED", "PROBE"]);
        await Expect(node.Locator("#health-decided")).ToHaveTextAsync(decidedBy);
        await Screenshots.TakeAsync(list, "live-list-not-ready");
        await Screenshots.TakeAsync(node, "node-not-ready");
        AssertNoScriptErrors();
    }
}
