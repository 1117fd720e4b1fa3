using Microsoft.Playwright;

namespace NodeManager.Ui.Tests.Infrastructure;

/// <summary>One headless chromium for the browser tests (they run one after another: <see cref="BrowserCollection"/>).</summary>
public sealed class BrowserFixture : IAsyncLifetime
{
    private IPlaywright? _playwright;
    private IBrowser? _browser;

    public IBrowser Browser => _browser ?? throw new InvalidOperationException(
        $"chromium was not started: it is not at {Chromium.ExecutablePath} (apt-get install -y chromium, or set NODEMANAGER_TEST_CHROMIUM)");

    public async Task InitializeAsync()
    {
        if (!Chromium.Present)
        {
            return; // the tests skip (laptop) or fail naming the missing binary (CI=true)
        }

        // Expect(...) waits up to 30 s for its condition (Playwright's default is 5 s): generous for a loaded CI machine,
        // and a wait for a condition, not a limit on how fast the page must be.
        Assertions.SetDefaultExpectTimeout(30_000);
        _playwright = await Playwright.CreateAsync();
        _browser = await _playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = Chromium.ExecutablePath,
            Headless = true,
            Args = ["--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage"],
        });
    }

    /// <summary>A new page in its own context (its own sessionStorage), laptop-sized, failing on script errors.</summary>
    public async Task<IPage> NewPageAsync(List<string> errors)
    {
        var context = await Browser.NewContextAsync(new BrowserNewContextOptions { ViewportSize = new ViewportSize { Width = 1366, Height = 900 } });
        context.SetDefaultTimeout(30_000);
        var page = await context.NewPageAsync();
        page.PageError += (_, error) => errors.Add(error);
        page.Console += (_, message) =>
        {
            // An error answer the page expects and shows (an unknown node's 404, say) is logged as a failed load; script errors are not.
            if (message.Type == "error" && !message.Text.StartsWith("Failed to load resource", StringComparison.Ordinal))
            {
                errors.Add(message.Text);
            }
        };
        return page;
    }

    public async Task DisposeAsync()
    {
        if (_browser is not null)
        {
            await _browser.CloseAsync();
        }

        _playwright?.Dispose();
    }
}

[CollectionDefinition(Name)]
public sealed class BrowserCollection : ICollectionFixture<BrowserFixture>
{
    public const string Name = "browser";
}
