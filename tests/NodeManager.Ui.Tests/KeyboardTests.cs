using Microsoft.Playwright;
using NodeManager.Ui.Tests.Infrastructure;

namespace NodeManager.Ui.Tests;

/// <summary>The dashboard without a mouse: Tab, Enter and Escape only.</summary>
public sealed class KeyboardTests(BrowserFixture browser) : BrowserTest(browser)
{
    [ChromiumFact]
    public async Task NodeList_KeyboardOnly_FiltersOpensANodeAndDismissesTheDialog()
    {
        var id = await Server.CreateNodeAsync("kb-target", "10.5.0.1");
        await Server.CreateNodeAsync("kb-other", "10.5.0.2");
        await Server.TransitionAsync(id, "COMMISSIONED");
        var page = await OpenAsync("#/nodes");
        await Expect(page.Locator("#node-table tbody tr")).ToHaveCountAsync(2);

        // The first Tab reaches the skip link; Enter moves the focus to the content and keeps the route.
        await page.Keyboard.PressAsync("Tab");
        Assert.Equal("Skip to content", await page.EvaluateAsync<string>("() => document.activeElement.textContent"));
        await page.Keyboard.PressAsync("Enter");
        Assert.Equal("view", await page.EvaluateAsync<string>("() => document.activeElement.id"));
        await Expect(page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex("#/nodes$"));

        // Tab to the search field (a bounded number of presses), type, Enter submits the filter form.
        await TabUntilAsync(page, "f-search");
        Assert.NotEqual("none", await page.EvaluateAsync<string>("() => getComputedStyle(document.activeElement).outlineStyle"));
        await page.Keyboard.TypeAsync("target");
        await page.Keyboard.PressAsync("Enter");
        await Expect(page.Locator("#node-table tbody tr")).ToHaveCountAsync(1);

        // Tab to the node's link, Enter opens the node page.
        await TabUntilAsync(page, null, $"#/nodes/{id}");
        await page.Keyboard.PressAsync("Enter");
        await Expect(page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex($"#/nodes/{id}$"));
        await Expect(page.Locator("h1")).ToHaveTextAsync("Node kb-target");

        // Tab to an action, Enter opens the dialog with the reason field focused, Escape closes it and writes nothing.
        await TabUntilAsync(page, "action-maintenance");
        await page.Keyboard.PressAsync("Enter");
        await Expect(page.Locator("dialog#confirm")).ToBeVisibleAsync();
        Assert.Equal("confirm-reason", await page.EvaluateAsync<string>("() => document.activeElement.id"));
        await page.Keyboard.PressAsync("Escape");
        await Expect(page.Locator("dialog#confirm")).ToBeHiddenAsync();
        Assert.Equal("LIFECYCLE_STATE_COMMISSIONED", (await Server.GetAsync($"/v1/nodes/{id}"))["lifecycleState"]!.GetValue<string>());
        AssertNoScriptErrors();
    }

    /// <summary>Presses Tab until the focused element has <paramref name="id"/> (or links to <paramref name="href"/>); at most 60 presses.</summary>
    private static async Task TabUntilAsync(IPage page, string? id, string? href = null)
    {
        for (var i = 0; i < 60; i++)
        {
            await page.Keyboard.PressAsync("Tab");
            var focused = await page.EvaluateAsync<string[]>("() => [document.activeElement.id || '', document.activeElement.getAttribute('href') || '']");
            if ((id is not null && focused[0] == id) || (href is not null && focused[1] == href))
            {
                return;
            }
        }

        Assert.Fail($"Tab never reached {id ?? href}");
    }
}
