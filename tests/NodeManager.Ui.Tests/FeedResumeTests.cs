using NodeManager.Ui.Tests.Infrastructure;

namespace NodeManager.Ui.Tests;

/// <summary>The page's change feed after a drop: it resumes from the last revision it saw, so nothing is missed.</summary>
public sealed class FeedResumeTests(BrowserFixture browser) : BrowserTest(browser)
{
    [ChromiumFact]
    public async Task FeedDropped_ChangeWhileDisconnected_ReachesTheOpenPageAfterReconnect()
    {
        var id = await Server.CreateNodeAsync("resume-n1", "10.12.0.1");
        await Server.TransitionAsync(id, "COMMISSIONED");
        var page = await OpenAsync($"#/nodes/{id}");
        await Expect(page.Locator(".node-head [data-lifecycle]")).ToHaveTextAsync("COMMISSIONED");
        await Expect(page.Locator("#feed-status")).ToHaveTextAsync("live");
        await page.EvaluateAsync("() => { window.__notReloaded = true; }");

        // Keep the page from reconnecting, break its stream (the server restarts), change the node meanwhile.
        await page.RouteAsync("**/v1/events**", route => route.AbortAsync());
        await Server.RestartAsync();
        await Expect(page.Locator("#feed-status")).ToContainTextAsync("reconnecting");
        await Server.TransitionAsync(id, "MAINTENANCE");
        await page.UnrouteAsync("**/v1/events**");

        await Expect(page.Locator("#feed-status")).ToHaveTextAsync("live");
        await Expect(page.Locator(".node-head [data-lifecycle]")).ToHaveTextAsync("MAINTENANCE");
        await Expect(page.Locator("#timeline li.live[data-kind='LIFECYCLE_CHANGED']")).ToContainTextAsync("COMMISSIONED → MAINTENANCE");
        await Expect(page.Locator("#timeline li[data-kind='LIFECYCLE_CHANGED']")).ToHaveCountAsync(2); // once, not as event and entry
        Assert.True(await page.EvaluateAsync<bool>("() => window.__notReloaded === true"), "the page was reloaded");
        AssertNoScriptErrors();
    }
}
