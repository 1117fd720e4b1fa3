namespace NodeManager.Ui.Tests.Infrastructure;

/// <summary>
/// Debian's chromium, which the tests drive through Playwright (<c>ExecutablePath</c>: Playwright downloads no browser).
/// <c>NODEMANAGER_TEST_CHROMIUM</c> names another binary. eng/test.sh installs the package when it is missing.
/// </summary>
public static class Chromium
{
    public static string ExecutablePath =>
        Environment.GetEnvironmentVariable("NODEMANAGER_TEST_CHROMIUM") is { Length: > 0 } path ? path : "/usr/bin/chromium";

    public static bool Present => File.Exists(ExecutablePath);

    private static bool InCi => string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase);

    /// <summary>Why a browser test is skipped: never under <c>CI=true</c> (there it runs and fails without chromium).</summary>
    public static string? SkipReason => Present || InCi ? null
        : $"chromium not found at {ExecutablePath} (apt-get install -y chromium, or set NODEMANAGER_TEST_CHROMIUM); with CI=true this test fails instead";
}

/// <summary>A fact that needs chromium: skipped on a laptop without it, run (and failing) when <c>CI=true</c>.</summary>
[AttributeUsage(AttributeTargets.Method)]
public sealed class ChromiumFactAttribute : FactAttribute
{
    public ChromiumFactAttribute()
    {
        Skip = Chromium.SkipReason;
    }
}
