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
        await AssertOneClearErrorLineAsync(port, []);
    }

    /// <summary>Registration over gRPC (CreateNode): Grpc.Net.Client reports the refused connection as UNAVAILABLE.</summary>
    [Fact]
    public async Task NoServerListening_RegisteringOverGrpc_ExitsWithOneAndSaysWhichAddress()
    {
        var port = LoopbackHost.FreePort(); // nothing listens on it
        await AssertOneClearErrorLineAsync(port, ["--register", "create"]);
    }

    private static async Task AssertOneClearErrorLineAsync(int port, string[] extra)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        string[] args =
        [
            Path.Combine(AppContext.BaseDirectory, "NodeManager.Simulator.dll"),
            "--server", $"http://127.0.0.1:{port}", "--rest", $"http://127.0.0.1:{port}", "--nodes", "1", "--max-runtime", "30s",
            .. extra,
        ];
        foreach (var arg in args)
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
