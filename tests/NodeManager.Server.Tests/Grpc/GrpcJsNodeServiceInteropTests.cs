using System.Diagnostics;
using NodeManager.Server.Tests.Infrastructure;

namespace NodeManager.Server.Tests.Grpc;

/// <summary>
/// A third-party gRPC stack (@grpc/grpc-js with @grpc/proto-loader reading our protos/) against the
/// real server: unary calls, error codes and messages, a server stream, a bidi stream, deadlines.
/// </summary>
public sealed class GrpcJsNodeServiceInteropTests : IAsyncLifetime
{
    private readonly TempDirectory _dir = new();
    private ServerInstance? _server;

    public async Task InitializeAsync() =>
        _server = await ServerInstance.StartAsync([$"--NodeManager:Storage:Sqlite:Path={_dir.File("nm.db")}"]);

    public async Task DisposeAsync()
    {
        if (_server is not null)
        {
            await _server.DisposeAsync();
        }

        _dir.Dispose();
    }

    [InteropFact]
    public async Task GrpcJsClient_NodeServiceHealthAndReflection_AllChecksPass()
    {
        var info = new ProcessStartInfo("node")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = InteropPaths.Directory,
        };
        info.ArgumentList.Add(Path.Combine(InteropPaths.Directory, "nodeservice-interop.js"));
        info.ArgumentList.Add($"{_server!.Grpc.Host}:{_server.Grpc.Port}");
        using var process = Process.Start(info)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(120));
        var output = await stdout + await stderr;

        Assert.True(process.ExitCode == 0, output);
        foreach (var check in new[]
        {
            "ok unary CreateNode", "ok unary GetNode", "ok error NOT_FOUND with message", "ok error INVALID_ARGUMENT naming the field",
            "ok error ALREADY_EXISTS naming the other node", "ok error ABORTED on a stale version", "ok deadline already passed",
            "ok server stream Health/Watch ended by its deadline", "ok bidi stream ServerReflectionInfo", "ok bidi stream StreamHeartbeats with goodbye",
            "ok unary DeleteNode", "ok unary ListNodeHistory",
        })
        {
            Assert.Contains(check, output);
        }
    }
}
