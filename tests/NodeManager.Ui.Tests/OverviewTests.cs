using System.Globalization;
using NodeManager.Testing;
using NodeManager.Ui.Tests.Infrastructure;

namespace NodeManager.Ui.Tests;

/// <summary>The overview (#/) against what the REST API reports.</summary>
public sealed class OverviewTests(BrowserFixture browser) : BrowserTest(browser)
{
    [ChromiumFact]
    public async Task Overview_MixedFleet_ShowsTheCountsTheApiReports()
    {
        // 3 nodes heartbeating (READY), 2 that heartbeated once and went silent (NOT_READY once their probe fails),
        // 2 never heard from (UNKNOWN); lifecycle: 3 COMMISSIONED, 1 MAINTENANCE, 3 REGISTERED; two zones.
        var ids = new List<string>();
        for (var i = 0; i < 7; i++)
        {
            ids.Add(await Server.CreateNodeAsync($"ov-n{i}", $"10.9.0.{i + 1}", zone: i < 4 ? "z1" : "z2", rack: $"r{i % 2}"));
        }

        foreach (var id in ids.Take(4))
        {
            await Server.TransitionAsync(id, "COMMISSIONED");
        }

        await Server.TransitionAsync(ids[3], "MAINTENANCE");
        using var beating = new CancellationTokenSource();
        var heartbeats = Task.Run(async () =>
        {
            while (!beating.IsCancellationRequested)
            {
                foreach (var id in ids.Take(3))
                {
                    await Server.Client.PostAsync($"/v1/nodes/{id}/heartbeat", null, beating.Token);
                }

                await Task.Delay(400, beating.Token);
            }
        });
        foreach (var id in ids.Skip(3).Take(2))
        {
            await Server.Client.PostAsync($"/v1/nodes/{id}/heartbeat", null);
        }

        try
        {
            var expected = await SettledHealthAsync(ready: 3, notReady: 2);
            var page = await OpenAsync("#/");
            foreach (var (status, count) in expected)
            {
                await Expect(page.Locator($"#health-counts [data-count='{status}'] .value")).ToHaveTextAsync(count.ToString(CultureInfo.InvariantCulture));
            }

            foreach (var state in (string[])["REGISTERED", "COMMISSIONED", "MAINTENANCE", "UPGRADING", "DECOMMISSIONED"])
            {
                var count = await Server.CountAsync($"/v1/nodes?lifecycle_state={state}", "nodes");
                await Expect(page.Locator($"#lifecycle-counts [data-count='{state}'] .value")).ToHaveTextAsync(count.ToString(CultureInfo.InvariantCulture));
            }

            // The rack grid: z1/r0 holds ov-n0 and ov-n2 (both READY).
            await Expect(page.Locator("#rack-grid a.rack[data-zone='z1'][data-rack='r0'] .rack-count")).ToHaveTextAsync("2/2");
            await Expect(page.Locator("#rack-grid a.rack[data-zone='z2'][data-rack='r0']")).ToHaveClassAsync(new System.Text.RegularExpressions.Regex("not-ready|unknown"));
            await Expect(page.Locator("#conditions")).ToContainTextAsync("DisruptionGuard");
            await Expect(page.Locator("#silos tbody tr")).ToHaveCountAsync(1);
            await Expect(page.Locator("#silos")).ToContainTextAsync("ACTIVE");
            await Expect(page.Locator("#dashboard-link")).ToHaveAttributeAsync("href", "/dashboard");
            await Expect(page.Locator("#dashboard-link")).ToHaveAttributeAsync("title", new System.Text.RegularExpressions.Regex("NodeManager:Dashboard:Enabled=true"));
            await Screenshots.TakeAsync(page, "overview");

            // A rack cell leads to the node list of that rack.
            await page.Locator("#rack-grid a.rack[data-zone='z1'][data-rack='r0']").ClickAsync();
            await Expect(page.Locator("#node-table tbody tr")).ToHaveCountAsync(2);
            await Expect(page.Locator("#node-table tbody")).ToContainTextAsync("ov-n0");
            AssertNoScriptErrors();
        }
        finally
        {
            await beating.CancelAsync();
            await Task.WhenAny(heartbeats, Task.Delay(TestTimeout.Default));
        }
    }

    /// <summary>Waits (bounded) until ListNodeHealth reports the expected mix, and returns the count of every status.</summary>
    private async Task<Dictionary<string, int>> SettledHealthAsync(int ready, int notReady)
    {
        var deadline = DateTime.UtcNow + TestTimeout.Default;
        while (true)
        {
            var counts = new Dictionary<string, int>();
            foreach (var status in (string[])["READY", "NOT_READY", "DOWN", "UNKNOWN"])
            {
                counts[status] = await Server.CountAsync($"/v1/health?status={status}", "health");
            }

            if (counts["READY"] == ready && counts["NOT_READY"] == notReady)
            {
                return counts;
            }

            Assert.True(DateTime.UtcNow < deadline, $"health did not settle: {string.Join(", ", counts)}");
            await Task.Delay(200);
        }
    }
}
