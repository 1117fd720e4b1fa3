using System.Collections.Concurrent;
using Microsoft.Playwright;
using NodeManager.Ui.Tests.Infrastructure;

namespace NodeManager.Ui.Tests;

/// <summary>The header's token field: every API request of the page (the change feed too) carries it, and none without it.</summary>
public sealed class TokenTests(BrowserFixture browser) : BrowserTest(browser)
{
    [ChromiumFact]
    public async Task PastedToken_EveryApiRequest_CarriesItAsBearerUntilCleared()
    {
        var page = await OpenAsync("#/");
        var seen = new ConcurrentQueue<(string Url, string? Authorization)>();
        page.Request += (_, request) =>
        {
            if (request.Url.Contains("/v1/", StringComparison.Ordinal))
            {
                seen.Enqueue((request.Url, request.Headers.GetValueOrDefault("authorization")));
            }
        };
        await Expect(page.Locator("#health-counts")).ToBeVisibleAsync();

        await page.GetByLabel("API token").FillAsync("header.payload.signature");
        await page.GetByRole(AriaRole.Button, new() { Name = "Save" }).ClickAsync();
        await page.GotoAsync(Server.Ui + "#/nodes");
        await Expect(page.Locator("#list-status")).ToContainTextAsync("No node matches");
        await Expect(page.Locator("#feed-status")).ToHaveTextAsync("live");
        var withToken = seen.ToArray();
        Assert.Contains(withToken, r => r.Url.Contains("/v1/nodes", StringComparison.Ordinal));
        Assert.Contains(withToken, r => r.Url.Contains("/v1/events", StringComparison.Ordinal));
        Assert.All(withToken.SkipWhile(r => r.Authorization is null), r => Assert.Equal("Bearer header.payload.signature", r.Authorization));
        Assert.Equal("header.payload.signature", await page.EvaluateAsync<string>("() => sessionStorage.getItem('nodemanager.token')"));

        seen.Clear();
        await page.GetByRole(AriaRole.Button, new() { Name = "Clear" }).First.ClickAsync();
        await page.GotoAsync(Server.Ui + "#/import");
        await page.GotoAsync(Server.Ui + "#/");
        await Expect(page.Locator("#overview-updated")).ToContainTextAsync("nodes");
        Assert.Contains(seen, r => r.Url.Contains("/v1/fleet/summary", StringComparison.Ordinal));
        Assert.All(seen, r => Assert.Null(r.Authorization));
        AssertNoScriptErrors();
    }
}
