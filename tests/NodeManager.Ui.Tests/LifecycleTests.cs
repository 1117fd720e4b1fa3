using Microsoft.Playwright;
using NodeManager.Ui.Tests.Infrastructure;

namespace NodeManager.Ui.Tests;

/// <summary>A lifecycle action on the node page, through its confirmation dialog.</summary>
public sealed class LifecycleTests(BrowserFixture browser) : BrowserTest(browser)
{
    [ChromiumFact]
    public async Task NodePage_MaintenanceConfirmedWithReason_MovesTheNodeAndCancelDoesNot()
    {
        var id = await Server.CreateNodeAsync("lc-n1", "10.6.0.1");
        await Server.TransitionAsync(id, "COMMISSIONED");
        var page = await OpenAsync($"#/nodes/{id}");
        await Expect(page.Locator(".node-head [data-lifecycle]")).ToHaveTextAsync("COMMISSIONED");
        await Expect(page.Locator("#action-decommissioned")).ToBeDisabledAsync(); // not from COMMISSIONED
        var dialog = page.Locator("dialog#confirm");

        // Cancel: nothing is written.
        await page.Locator("#action-maintenance").ClickAsync();
        await Expect(dialog).ToBeVisibleAsync();
        await Expect(dialog).ToContainTextAsync("from COMMISSIONED to MAINTENANCE");
        await dialog.GetByRole(AriaRole.Button, new() { Name = "Cancel" }).ClickAsync();
        await Expect(dialog).ToBeHiddenAsync();
        Assert.Equal("LIFECYCLE_STATE_COMMISSIONED", (await Server.GetAsync($"/v1/nodes/{id}"))["lifecycleState"]!.GetValue<string>());

        // Confirm with a reason.
        await page.Locator("#action-maintenance").ClickAsync();
        await dialog.GetByLabel("Reason").FillAsync("replace a DIMM");
        await Screenshots.TakeAsync(page, "node-confirm-dialog");
        await dialog.GetByRole(AriaRole.Button, new() { Name = "Confirm" }).ClickAsync();
        await Expect(dialog).ToBeHiddenAsync();
        await Expect(page.Locator("#action-message")).ToHaveTextAsync("lc-n1 is now MAINTENANCE.");
        await Expect(page.Locator(".node-head [data-lifecycle]")).ToHaveTextAsync("MAINTENANCE");
        var newest = page.Locator("#timeline li[data-kind='LIFECYCLE_CHANGED']").First;
        await Expect(newest).ToContainTextAsync("COMMISSIONED → MAINTENANCE: replace a DIMM");
        await Expect(newest.Locator(".actor")).ToHaveTextAsync(" · by anonymous");
        Assert.Equal("LIFECYCLE_STATE_MAINTENANCE", (await Server.GetAsync($"/v1/nodes/{id}"))["lifecycleState"]!.GetValue<string>());
        await Expect(page.Locator("#action-decommissioned")).ToBeEnabledAsync();
        await Screenshots.TakeAsync(page, "node");
        AssertNoScriptErrors();
    }
}
