using Microsoft.Playwright;

namespace NodeManager.Ui.Tests.Infrastructure;

/// <summary>Screenshots each test writes for a person to look at: <c>artifacts/screenshots/</c> of the repository (git-ignored).</summary>
public static class Screenshots
{
    public static string Directory { get; } = Find();

    public static async Task TakeAsync(IPage page, string name)
    {
        System.IO.Directory.CreateDirectory(Directory);
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(Directory, name + ".png"), FullPage = true });
    }

    private static string Find()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "NodeManager.sln")))
            {
                return Path.Combine(dir.FullName, "artifacts", "screenshots");
            }
        }

        return Path.Combine(AppContext.BaseDirectory, "screenshots");
    }
}
