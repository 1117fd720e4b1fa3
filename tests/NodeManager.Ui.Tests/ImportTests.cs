using System.Text;
using Microsoft.Playwright;
using NodeManager.Ui.Tests.Infrastructure;

namespace NodeManager.Ui.Tests;

/// <summary>The import page (#/import): the server's dry run row by row, then apply.</summary>
public sealed class ImportTests(BrowserFixture browser) : BrowserTest(browser)
{
    private const string FileWithBadRow = """
        [
          {"name": "imp-a", "ip": "10.7.0.1", "location": {"zone": "z9", "rack": "r1"}},
          {"name": "imp-b", "ip": "10.7.0.999"},
          {"name": "imp-c", "ip": "10.7.0.3", "mac": "02:00:00:07:00:03"}
        ]
        """;

    [ChromiumFact]
    public async Task ImportPage_FileWithBadRow_ShowsEachRowAndAppliesNothing()
    {
        var page = await OpenAsync("#/import");
        await page.Locator("#import-file").SetInputFilesAsync(new FilePayload { Name = "rack-z9.json", MimeType = "application/json", Buffer = Encoding.UTF8.GetBytes(FileWithBadRow) });
        await page.GetByRole(AriaRole.Button, new() { Name = "Check (dry run)" }).ClickAsync();

        var rows = page.Locator("#import-rows tbody tr");
        await Expect(rows).ToHaveCountAsync(3);
        await Expect(rows.Nth(0)).ToHaveAttributeAsync("data-action", "CREATE");
        await Expect(rows.Nth(1)).ToHaveAttributeAsync("data-action", "INVALID");
        await Expect(rows.Nth(1)).ToContainTextAsync("ip:");
        await Expect(rows.Nth(2)).ToHaveAttributeAsync("data-action", "CREATE");
        await Expect(page.Locator("#import-summary [data-count='invalid'] .value")).ToHaveTextAsync("1");
        await Expect(page.Locator("#import-verdict")).ToContainTextAsync("would write nothing");
        await Expect(page.Locator("#import-apply")).ToBeDisabledAsync();
        await Screenshots.TakeAsync(page, "import-dry-run");

        // Nothing was written: no node of the file exists, and the inventory is empty.
        foreach (var name in (string[])["imp-a", "imp-b", "imp-c"])
        {
            var list = await Server.GetAsync($"/v1/nodes?name={name}");
            Assert.Empty(list["nodes"]!.AsArray());
        }

        Assert.Equal(0, await Server.CountAsync("/v1/nodes", "nodes"));
        AssertNoScriptErrors();
    }

    [ChromiumFact]
    public async Task ImportPage_GoodFileWithAnUpdate_ShowsTheFieldDiffAndApplies()
    {
        var existing = await Server.CreateNodeAsync("imp-x", "10.7.1.1", zone: "z9", rack: "r1");
        var file = $$$"""
            [
              {"id": "{{{existing}}}", "name": "imp-x", "ip": "10.7.1.1", "location": {"zone": "z9", "rack": "r2"}},
              {"name": "imp-y", "ip": "10.7.1.2"}
            ]
            """;
        var page = await OpenAsync("#/import");
        await page.Locator("#import-file").SetInputFilesAsync(new FilePayload { Name = "update.json", MimeType = "application/json", Buffer = Encoding.UTF8.GetBytes(file) });
        await page.GetByRole(AriaRole.Button, new() { Name = "Check (dry run)" }).ClickAsync();

        var rows = page.Locator("#import-rows tbody tr");
        await Expect(rows.Nth(0)).ToHaveAttributeAsync("data-action", "UPDATE");
        await Expect(rows.Nth(0).Locator("li.diff")).ToContainTextAsync("location");
        await Expect(rows.Nth(0).Locator("li.diff ins")).ToContainTextAsync("r2");
        await Expect(rows.Nth(1)).ToHaveAttributeAsync("data-action", "CREATE");
        Assert.Empty((await Server.GetAsync("/v1/nodes?name=imp-y"))["nodes"]!.AsArray());

        await page.Locator("#import-apply").ClickAsync();
        await Expect(page.Locator("#import-verdict")).ToContainTextAsync("Applied: 1 created, 1 updated");
        Assert.Single((await Server.GetAsync("/v1/nodes?name=imp-y"))["nodes"]!.AsArray());
        Assert.Equal("r2", (await Server.GetAsync($"/v1/nodes/{existing}"))["location"]!["rack"]!.GetValue<string>());
        AssertNoScriptErrors();
    }
}
