using System.Diagnostics;
using NodeManager.Grpc.Tests.Infrastructure;
using Xunit.Abstractions;

namespace NodeManager.Grpc.Tests.Interop;

[Collection(GrpcServerCollection.Name)]
public class GrpcJsInteropTests(GrpcTestServer server, ITestOutputHelper output)
{
    [GrpcJsFact]
    public async Task GrpcJsClient_AllCallShapesAndStatuses_Interoperate()
    {
        var protoDir = Path.Combine(AppContext.BaseDirectory, "InteropProtos");
        var start = new ProcessStartInfo("node")
        {
            ArgumentList = { Path.Combine(AppContext.BaseDirectory, "Interop", "grpcjs-client.js"), $"127.0.0.1:{server.Http2Address.Port}", protoDir },
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        start.Environment["NODE_PATH"] = Path.Combine(Environment.GetEnvironmentVariable(GrpcJsFactAttribute.DirectoryVariable)!, "node_modules");
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        try
        {
            await process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(60));
        }
        finally
        {
            if (!process.HasExited)
            {
                process.Kill(entireProcessTree: true);
            }
        }

        output.WriteLine(await stdout.WaitAsync(TimeSpan.FromSeconds(30)));
        var errors = await stderr.WaitAsync(TimeSpan.FromSeconds(30));
        output.WriteLine(errors);
        Assert.True(process.ExitCode == 0, errors);
    }
}
