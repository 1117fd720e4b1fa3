using Microsoft.Playwright;
using NodeManager.Testing;

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

    /// <summary>Waits (bounded) until the agent's node is READY; returns its id.</summary>
    protected async Task<string> WaitForReadyAsync(AgentProcess agent)
    {
        var deadline = DateTime.UtcNow + TestTimeout.Default;
        while (true)
        {
            var list = await Server.GetAsync($"/v1/nodes?name={agent.Name}");
            if (list["nodes"]!.AsArray() is [var node, ..] && node!["health"]?["status"]?.GetValue<string>() == "HEALTH_STATUS_READY")
            {
                return node["id"]!.GetValue<string>();
            }

            Assert.True(DateTime.UtcNow < deadline, "the agent's node did not become READY; agent output:\n" + agent.Output);
            await Task.Delay(200);
        }
    }

    protected void AssertNoScriptErrors() => Assert.True(ScriptErrors.Count == 0, "script errors: " + string.Join(" | ", ScriptErrors));
}
