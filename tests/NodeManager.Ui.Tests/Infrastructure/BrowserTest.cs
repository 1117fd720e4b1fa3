using Microsoft.Playwright;

namespace NodeManager.Ui.Tests.Infrastructure;

/// <summary>A test of the dashboard in chromium against a fresh server of its own (SQLite, fast health timings).</summary>
[Collection(BrowserCollection.Name)]
public abstract class BrowserTest(BrowserFixture browser) : IAsyncLifetime
{
    /// <summary>Uncaught script errors and console errors of the pages this test opened.</summary>
    protected List<string> ScriptErrors { get; } = [];

    protected UiServer Server { get; private set; } = null!;

    public async Task InitializeAsync() => Server = await UiServer.StartAsync();

    public async Task DisposeAsync() => await Server.DisposeAsync();

    /// <summary>A new page at <c>/ui/</c> + <paramref name="hash"/> (e.g. <c>#/nodes</c>).</summary>
    protected async Task<IPage> OpenAsync(string hash = "")
    {
        var page = await browser.NewPageAsync(ScriptErrors);
        await page.GotoAsync(Server.Ui + hash);
        return page;
    }

    protected static ILocatorAssertions Expect(ILocator locator) => Assertions.Expect(locator);

    protected static IPageAssertions Expect(IPage page) => Assertions.Expect(page);

    protected void AssertNoScriptErrors() => Assert.True(ScriptErrors.Count == 0, "script errors: " + string.Join(" | ", ScriptErrors));
}
