using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Microsoft.Playwright;
using NodeManager.Testing;
using NodeManager.Ui.Tests.Infrastructure;

namespace NodeManager.Ui.Tests;

/// <summary>
/// The node page's timeline on the node's history (GET /v1/nodes/{id}/history): every kind with its detail and actor,
/// newest first, paged with "Older entries", live changes on top once each, and the kind filter.
/// </summary>
public sealed class HistoryTimelineTests(BrowserFixture browser) : BrowserTest(browser)
{
    [ChromiumFact]
    public async Task NodePage_TimelineShowsTheHistoryNewestFirst_PagesOlderEntries_AndAddsLiveChangesOnce()
    {
        // The changes: the agent registers the node and heartbeats (READY), the API changes its ip, commissions it and
        // reserves on it, then the agent is killed (NOT_READY, decided by the server).
        using var agent = AgentProcess.Start(Server.Grpc, "history-ui.test");
        var id = await WaitForReadyAsync(agent);
        var spec = await Server.GetAsync($"/v1/nodes/{id}");
        spec["ip"] = "10.15.0.99";
        await Server.PutAsync($"/v1/nodes/{id}", spec);
        await Server.TransitionAsync(id, "COMMISSIONED");
        await Server.PostAsync($"/v1/nodes/{id}/reservations/compute", new { name = "vm-hist-1", requestCpuMilliCores = "500", requestMemoryBytes = "1048576" });
        agent.Kill();
        await WaitForHealthAsync(id, "HEALTH_STATUS_NOT_READY");

        var history = await AllHistoryAsync(id);
        var expectedRevisions = history.Select(e => e["revision"]!.GetValue<string>()).ToList();
        Assert.True(expectedRevisions.Count >= 6, $"expected at least 6 history entries, got {expectedRevisions.Count}");

        // Three a page: the first page, then "Older entries" until there are none.
        var page = await OpenAsync($"#/nodes/{id}?history_page_size=3");
        var items = page.Locator("#timeline > li");
        await Expect(items).ToHaveCountAsync(3);
        var older = page.Locator("#history-older");
        for (var shown = 3; shown < expectedRevisions.Count; shown += 3)
        {
            await older.ClickAsync();
            await Expect(items).ToHaveCountAsync(Math.Min(shown + 3, expectedRevisions.Count));
        }

        await Expect(older).ToHaveCountAsync(0);
        Assert.Equal(expectedRevisions, await RevisionsAsync(page)); // every entry once, newest first, as the API has it

        // Each kind with its detail and who did it.
        var newestHealth = Entry(page, "HEALTH_CHANGED").First;
        await Expect(newestHealth.Locator(".transition")).ToHaveTextAsync("READY → NOT_READY");
        var decidedBy = history.First(e => e["kind"]!.GetValue<string>() == "NODE_EVENT_TYPE_HEALTH_CHANGED")["health"]!["decidedBy"]!
            .GetValue<string>().Replace("DECIDED_BY_", "", StringComparison.Ordinal);
        Assert.Contains(decidedBy, (string[])["STREAM_CLOSED", "PROBE"]);
        await Expect(newestHealth.Locator(".decided")).ToHaveTextAsync(decidedBy);
        await Expect(newestHealth.Locator(".actor")).ToHaveTextAsync(" · by system");
        var conditions = history.First(e => e["kind"]!.GetValue<string>() == "NODE_EVENT_TYPE_HEALTH_CHANGED")["health"]!["conditions"]?.AsArray() ?? [];
        await Expect(newestHealth.Locator("ul.conditions > li")).ToHaveCountAsync(conditions.Count);
        foreach (var condition in conditions)
        {
            await Expect(newestHealth.Locator("ul.conditions")).ToContainTextAsync(condition!["type"]!.GetValue<string>() + "=");
        }

        await Expect(Entry(page, "HEALTH_CHANGED").Last.Locator(".transition")).ToContainTextAsync("→ READY");

        var reservation = Entry(page, "RESERVATION_CREATED");
        await Expect(reservation).ToHaveCountAsync(1);
        await Expect(reservation.Locator(".reservation")).ToHaveTextAsync("COMPUTE vm-hist-1");
        await Expect(reservation.Locator(".actor")).ToHaveTextAsync(" · by anonymous");

        var lifecycle = Entry(page, "LIFECYCLE_CHANGED");
        await Expect(lifecycle).ToHaveCountAsync(1);
        await Expect(lifecycle.Locator(".transition")).ToHaveTextAsync("REGISTERED → COMMISSIONED");
        await Expect(lifecycle).ToContainTextAsync(": test");
        await Expect(lifecycle.Locator(".actor")).ToHaveTextAsync(" · by anonymous");

        var update = Entry(page, "UPDATED").First;
        await Expect(update.Locator(".fields")).ToContainTextAsync("ip");
        await Expect(update.Locator(".actor")).ToHaveTextAsync(" · by anonymous");

        var created = Entry(page, "CREATED");
        await Expect(created).ToHaveCountAsync(1);
        await Expect(created.Locator(".name")).ToHaveTextAsync("history-ui.test");

        // The changes we made, in the order we made them (the page is newest first).
        var kinds = await page.Locator("#timeline > li").EvaluateAllAsync<string[]>("items => items.map(li => li.dataset.kind)");
        var revisions = await RevisionsAsync(page);
        int At(string kind, Func<JsonNode, bool>? match = null) =>
            revisions.IndexOf(history.First(e => e["kind"]!.GetValue<string>() == "NODE_EVENT_TYPE_" + kind && (match is null || match(e)))["revision"]!.GetValue<string>());
        var order = new[]
        {
            At("HEALTH_CHANGED"),
            At("RESERVATION_CREATED"),
            At("LIFECYCLE_CHANGED"),
            At("UPDATED", e => e["changedFields"]?.AsArray().Any(f => f!.GetValue<string>() == "ip") == true),
            At("CREATED"),
        };
        Assert.True(order.SequenceEqual(order.Order()) && order.Distinct().Count() == order.Length, $"kinds out of order: {string.Join(", ", kinds)}");
        Assert.All(kinds, k => Assert.Contains(k, (string[])["CREATED", "UPDATED", "HEALTH_CHANGED", "LIFECYCLE_CHANGED", "RESERVATION_CREATED"]));
        await Screenshots.TakeAsync(page, "node-history");

        // A change while the page is open: on top, marked live, once — with the actor only the history has.
        await Server.DeleteAsync($"/v1/nodes/{id}/reservations/compute/vm-hist-1");
        var released = Entry(page, "RESERVATION_RELEASED");
        await Expect(released).ToHaveCountAsync(1);
        await Expect(items.First).ToHaveAttributeAsync("data-kind", "RESERVATION_RELEASED");
        await Expect(items.First).ToHaveClassAsync("live");
        await Expect(released.Locator(".actor")).ToHaveTextAsync(" · by anonymous");
        var withRelease = await AllHistoryAsync(id);
        Assert.Equal(withRelease.Select(e => e["revision"]!.GetValue<string>()), await RevisionsAsync(page));

        // The kind filter asks the server for those kinds only.
        foreach (var box in await page.Locator("#history-kinds input[type=checkbox]").AllAsync())
        {
            if (await box.GetAttributeAsync("value") != "LIFECYCLE_CHANGED")
            {
                await box.UncheckAsync();
            }
        }

        await Expect(items).ToHaveCountAsync(1);
        await Expect(items.First).ToHaveAttributeAsync("data-kind", "LIFECYCLE_CHANGED");
        AssertNoScriptErrors();
    }

    [ChromiumFact]
    public async Task NodePage_HistoryUnreadable_SaysSoAndKeepsTheRestOfThePage()
    {
        var id = await Server.CreateNodeAsync("history-err-n1", "10.15.1.1");
        var page = await BrowserPageWithHistoryFailingAsync(id);
        await Expect(page.Locator("#history-note [role=alert]")).ToContainTextAsync("The history could not be read:");
        await Expect(page.Locator("#history-note")).ToContainTextAsync("page_token");
        await Expect(page.Locator("h1")).ToHaveTextAsync("Node history-err-n1");
        await Expect(page.Locator("#timeline > li")).ToHaveCountAsync(0);
    }

    // The browser's history request gets a bad page token (the server answers 400 naming it): a real error answer.
    private async Task<IPage> BrowserPageWithHistoryFailingAsync(string id)
    {
        var page = await OpenAsync();
        await page.RouteAsync(new Regex("/v1/nodes/[^/]+/history\\?"), route =>
        {
            var url = new Uri(route.Request.Url);
            return route.ContinueAsync(new RouteContinueOptions { Url = url.GetLeftPart(UriPartial.Path) + url.Query + "&page_token=not-a-token" });
        });
        await page.GotoAsync(Server.Ui + $"#/nodes/{id}");
        return page;
    }

    private static ILocator Entry(IPage page, string kind) => page.Locator($"#timeline > li[data-kind='{kind}']");

    private static async Task<List<string>> RevisionsAsync(IPage page) =>
        [.. await page.Locator("#timeline > li").EvaluateAllAsync<string[]>("items => items.map(li => li.dataset.revision)")];

    private async Task<List<JsonNode>> AllHistoryAsync(string id)
    {
        var entries = new List<JsonNode>();
        var token = "";
        do
        {
            var page = await Server.GetAsync($"/v1/nodes/{id}/history?order=desc&page_size=2&page_token={Uri.EscapeDataString(token)}");
            entries.AddRange(page["entries"]!.AsArray().Select(e => e!));
            token = page["nextPageToken"]?.GetValue<string>() ?? "";
        }
        while (token.Length > 0);
        return entries;
    }

    private async Task WaitForHealthAsync(string id, string status)
    {
        var deadline = DateTime.UtcNow + TestTimeout.Default;
        while ((await Server.GetAsync($"/v1/nodes/{id}/health"))["status"]?.GetValue<string>() != status)
        {
            Assert.True(DateTime.UtcNow < deadline, $"node {id} did not become {status}");
            await Task.Delay(200);
        }
    }
}
