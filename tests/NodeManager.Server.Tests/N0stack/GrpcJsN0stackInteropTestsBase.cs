using System.Diagnostics;
using NodeManager.Server.Tests.Grpc;
using NodeManager.Server.Tests.Infrastructure;
using NodeManager.Testing;

namespace NodeManager.Server.Tests.N0stack;

/// <summary>
/// @grpc/grpc-js against <c>n0stack.pool.NodeService</c> on the real server: a client from the
/// repository's n0stack proto, then one built from server reflection (as grpc_cli does) making
/// the calls of n0stack's documentation. Subclasses pick the store and carry the [InteropFact].
/// </summary>
public abstract class GrpcJsN0stackInteropTestsBase : ServerTestBase
{
    protected async Task RunInteropAsync()
    {
        var info = new ProcessStartInfo("node")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = InteropPaths.Directory,
        };
        info.ArgumentList.Add(Path.Combine(InteropPaths.Directory, "n0stack-interop.js"));
        info.ArgumentList.Add($"{Server.Grpc.Host}:{Server.Grpc.Port}");
        using var process = Process.Start(info)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(120));
        var output = await stdout.WaitAsync(TestTimeout.Default) + await stderr.WaitAsync(TestTimeout.Default);

        Assert.True(process.ExitCode == 0, output);
        foreach (var check in new[]
        {
            "ok ApplyNode creates", "ok ApplyNode updates with the version read", "ok ApplyNode stale version ABORTED",
            "ok ApplyNode INVALID_ARGUMENT naming address", "ok reflection serves n0stack.pool.NodeService with its dependencies",
            "ok documented ListNodes", "ok documented GetNode", "ok documented ReserveCompute", "ok documented ReleaseCompute", "ok documented ReserveStorage", "ok documented ReleaseStorage",
            "ok ReserveCompute INVALID_ARGUMENT naming request_memory_bytes", "ok Schedule calls RESOURCE_EXHAUSTED without a COMMISSIONED node",
            "ok documented DeleteNode",
        })
        {
            Assert.Contains(check, output);
        }
    }
}
