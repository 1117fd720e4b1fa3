using System.Diagnostics;
using NodeManager.Testing;

namespace NodeManager.Simulator.Tests.Hosting;

/// <summary>The simulator as a user runs it: a server that is not there gets one clear line and exit code 1, not a crash.</summary>
public class SimulatorProcessTests
{
    [Fact]
    public async Task NoServerListening_ExitsWithOneAndSaysWhichAddress()
    {
        var port = LoopbackHost.FreePort(); // nothing listens on it
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (var arg in new[]
        {
            Path.Combine(AppContext.BaseDirectory, "NodeManager.Simulator.dll"),
            "--server", $"http://127.0.0.1:{port}", "--rest", $"http://127.0.0.1:{port}", "--nodes", "1", "--max-runtime", "30s",
        })
        {
            start.ArgumentList.Add(arg);
        }

        using var process = Process.Start(start)!;
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
                process.Kill(entireProcessTree: true);
            }
        }

        var error = await stderr;
        Assert.Equal(1, process.ExitCode);
        Assert.StartsWith("error: the server did not answer", error, StringComparison.Ordinal);
        Assert.Contains($"127.0.0.1:{port}", error, StringComparison.Ordinal);
        Assert.DoesNotContain("Unhandled exception", error + await stdout, StringComparison.Ordinal);
    }
}
