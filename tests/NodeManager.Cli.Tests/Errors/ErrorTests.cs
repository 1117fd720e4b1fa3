using System.Diagnostics;
using NodeManager.Cli.Hosting;
using NodeManager.Cli.Tests.Infrastructure;
using NodeManager.Testing;

namespace NodeManager.Cli.Tests.Errors;

/// <summary>What a script sees when nmctl cannot do what was asked: one line on standard error and the exit code.</summary>
public sealed class ErrorTests(ServerFixture fixture) : CliTestBase(fixture)
{
    /// <summary>A loopback port nothing listens on (free a moment ago).</summary>
    private static string DeadEndpoint() => $"http://127.0.0.1:{LoopbackHost.FreePort()}";

    [Theory]
    [InlineData("nodes", "list")]
    [InlineData("nodes", "get", "r1-n07")]
    [InlineData("health", "list")]
    [InlineData("cluster", "status")]
    [InlineData("events", "watch", "--count", "1")]
    public async Task UnreachableServer_OneLineNamingTheEndpoint_ExitsUnavailable(params string[] args)
    {
        var endpoint = DeadEndpoint();

        var result = await Nmctl.RunAsync([.. args, "--server", endpoint]);

        Assert.Equal(ExitCodes.Unavailable, result.ExitCode);
        var line = Assert.Single(result.Err.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.Contains($"cannot reach the server at {endpoint}/", line);
        Assert.Contains("--server", line);
        Assert.Equal("", result.Out);
    }

    [Fact]
    public async Task UnknownFlag_IsAUsageErrorNamingTheFlag()
    {
        var result = await Nmctl.RunAsync("nodes", "list", "--bogus");

        Assert.Equal(ExitCodes.Usage, result.ExitCode);
        Assert.Contains("--bogus", result.Err);
    }

    [Fact]
    public async Task UnknownCommand_IsAUsageError()
    {
        var result = await Nmctl.RunAsync("nodes", "explode");

        Assert.Equal(ExitCodes.Usage, result.ExitCode);
        Assert.Contains("explode", result.Err);
    }

    [Theory]
    [InlineData("--output", "xml", "nodes", "list")]
    [InlineData("--timeout", "soon", "nodes", "list")]
    [InlineData("--cpu", "lots", "nodes", "create", "--name", "x", "--ip", "10.0.0.1")]
    [InlineData("--memory", "16Qi", "nodes", "create", "--name", "x", "--ip", "10.0.0.1")]
    [InlineData("--page-size", "5000", "nodes", "list")]
    [InlineData("--state", "asleep", "nodes", "list")]
    [InlineData("--label", "novalue", "nodes", "create", "--name", "x", "--ip", "10.0.0.1")]
    public async Task BadFlagValue_IsAUsageErrorNamingTheFlag(string flag, string value, params string[] command)
    {
        var result = await Nmctl.RunAsync([.. command, flag, value]);

        Assert.Equal(ExitCodes.Usage, result.ExitCode);
        Assert.Contains($"{flag}: '{value}'", result.Err);
    }

    [Fact]
    public async Task MissingArgument_IsAUsageError()
    {
        var result = await Nmctl.RunAsync("nodes", "get");

        Assert.Equal(ExitCodes.Usage, result.ExitCode);
        Assert.Contains("node", result.Err);
    }

    [Fact]
    public async Task BadServerAddress_IsAUsageErrorNamingWhereItCameFrom()
    {
        Nmctl.Environment["NMCTL_SERVER"] = "ftp://example";

        var result = await Nmctl.RunAsync("nodes", "list");

        Assert.Equal(ExitCodes.Usage, result.ExitCode);
        Assert.Contains("NMCTL_SERVER", result.Err);
    }

    [Fact]
    public async Task AsAProcess_UnreachableServer_ExitsUnavailableWithOneLine()
    {
        var endpoint = DeadEndpoint();
        var info = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        info.ArgumentList.Add(NmctlBinary.Path());
        foreach (var arg in new[] { "nodes", "list", "--server", endpoint })
        {
            info.ArgumentList.Add(arg);
        }

        info.Environment["HOME"] = Fixture.Home;
        using var process = Process.Start(info)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        try
        {
            await process.WaitForExitAsync().WaitAsync(TestTimeout.Default);
        }
        finally
        {
            if (!process.HasExited)
            {
                process.Kill();
            }
        }

        Assert.Equal(ExitCodes.Unavailable, process.ExitCode);
        Assert.Equal("", await stdout);
        Assert.Contains($"cannot reach the server at {endpoint}/", Assert.Single((await stderr).Split('\n', StringSplitOptions.RemoveEmptyEntries)));
    }
}
