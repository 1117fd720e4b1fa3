using Microsoft.Playwright;
using NodeManager.Ui.Tests.Infrastructure;

namespace NodeManager.Ui.Tests;

/// <summary>The node list (#/nodes): filters and paging.</summary>
public sealed class NodeListTests(BrowserFixture browser) : BrowserTest(browser)
{
    [ChromiumFact]
    public async Task NodeList_LabelFilterAndPageSize_PagesThroughTheMatchingNodesOnly()
    {
        // 24 nodes: 12 storage (st-00..st-11), 12 compute.
        for (var i = 0; i < 24; i++)
        {
            var role = i % 2 == 0 ? "storage" : "compute";
            await Server.CreateNodeAsync($"{role[..2]}-{i / 2:D2}", $"10.8.0.{i + 1}", rack: $"r{i % 3}", labels: new() { ["role"] = role });
        }

        var page = await OpenAsync("#/nodes");
        await Expect(page.Locator("#node-table tbody tr")).ToHaveCountAsync(24);

        await page.GetByLabel("Label selector").FillAsync("role=storage");
        await page.GetByLabel("Per page").SelectOptionAsync("10");
        await page.GetByRole(AriaRole.Button, new() { Name = "Apply filters" }).ClickAsync();
        var rows = page.Locator("#node-table tbody tr");
        await Expect(rows).ToHaveCountAsync(10);
        await Expect(page.Locator("#list-status")).ToContainTextAsync("Page 1");
        await Expect(page.Locator("nav.pager")).ToHaveTextAsync("Next page →"); // only the way forward on the first page
        var first = await NamesAsync(page);
        Assert.All(first, n => Assert.StartsWith("st-", n, StringComparison.Ordinal));
        await Screenshots.TakeAsync(page, "node-list-filtered");

        await page.Locator("#next-page").ClickAsync();
        await Expect(page.Locator("#list-status")).ToContainTextAsync("Page 2");
        await Expect(rows).ToHaveCountAsync(2);
        var second = await NamesAsync(page);
        Assert.All(second, n => Assert.StartsWith("st-", n, StringComparison.Ordinal));
        Assert.Empty(first.Intersect(second));
        await Expect(page.Locator("#next-page")).ToHaveCountAsync(0);

        await page.Locator("#prev-page").ClickAsync();
        await Expect(page.Locator("#list-status")).ToContainTextAsync("Page 1");
        Assert.Equal(first, await NamesAsync(page));

        // Search (name/IP/MAC substring) and health together: none of them has heartbeated, so none is READY.
        await page.GetByLabel("Name, IP or MAC contains").FillAsync("10.8.0.1");
        await page.GetByRole(AriaRole.Button, new() { Name = "Apply filters" }).ClickAsync();
        await Expect(rows).ToHaveCountAsync(6); // 10.8.0.1, .11, .13, .15, .17, .19 are storage (odd last octets)
        await page.GetByLabel("Health").SelectOptionAsync("READY");
        await page.GetByRole(AriaRole.Button, new() { Name = "Apply filters" }).ClickAsync();
        await Expect(page.Locator("#list-status")).ToHaveTextAsync("No node matches these filters.");

        // A bad selector is named, not a blank page.
        await page.Locator("a.button", new() { HasText = "Clear" }).ClickAsync();
        await page.GetByLabel("Label selector").FillAsync("role in (");
        await page.GetByRole(AriaRole.Button, new() { Name = "Apply filters" }).ClickAsync();
        await Expect(page.Locator("#list-status .error")).ToContainTextAsync("label_selector");
        AssertNoScriptErrors();
    }

    private static async Task<List<string>> NamesAsync(IPage page) =>
        [.. await page.Locator("#node-table tbody tr").EvaluateAllAsync<string[]>("rows => rows.map(r => r.dataset.name)")];
}
