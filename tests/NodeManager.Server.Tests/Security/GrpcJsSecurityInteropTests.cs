using System.Diagnostics;
using NodeManager.Server.Tests.Grpc;
using NodeManager.Server.Tests.Infrastructure;
using NodeManager.Testing;

namespace NodeManager.Server.Tests.Security;

/// <summary>
/// @grpc/grpc-js against a server that requires authentication: over TLS with a bearer token (call credentials),
/// and with an agent's client certificate (mutual TLS), confined to its node.
/// </summary>
public sealed class GrpcJsSecurityInteropTests : IAsyncLifetime
{
    private readonly TempDirectory _dir = new();
    private readonly Tokens _tokens = new();
    private TestPki _pki = null!;
    private ServerInstance? _server;
    private Uri _grpc = null!;

    public async Task InitializeAsync()
    {
        _pki = new TestPki(_dir.File("pki"));
        var certificate = _pki.Server();
        _grpc = new Uri($"https://127.0.0.1:{LoopbackHost.FreePort()}");
        _server = await ServerInstance.StartAsync([$"--NodeManager:Storage:Sqlite:Path={_dir.File("nm.db")}"],
        [
            .. _tokens.ServerArgs,
            $"--Kestrel:Endpoints:Grpc:Url={_grpc}",
            $"--Kestrel:Certificates:Default:Path={certificate.Certificate}",
            $"--Kestrel:Certificates:Default:KeyPath={certificate.Key}",
            $"--NodeManager:Security:Agents:ClientCa={_pki.CaFile}",
        ]);
    }

    public async Task DisposeAsync()
    {
        if (_server is not null)
        {
            await _server.DisposeAsync();
        }

        _dir.Dispose();
    }

    [InteropFact]
    public async Task GrpcJsClient_TlsWithBearerTokenAndWithClientCertificate_AllChecksPass()
    {
        var node = Guid.NewGuid();
        var agent = _pki.Node(node);
        var info = new ProcessStartInfo("node")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = InteropPaths.Directory,
        };
        info.ArgumentList.Add(Path.Combine(InteropPaths.Directory, "security-interop.js"));
        info.ArgumentList.Add($"{_grpc.Host}:{_grpc.Port}");
        info.Environment["NM_CA"] = _pki.CaFile;
        info.Environment["NM_VIEWER_TOKEN"] = _tokens.Operator("viewer");
        info.Environment["NM_OPERATOR_TOKEN"] = _tokens.Operator("operator");
        info.Environment["NM_CERT"] = agent.Certificate;
        info.Environment["NM_KEY"] = agent.Key;
        info.Environment["NM_NODE"] = node.ToString();
        using var process = Process.Start(info)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(120));
        var output = await stdout + await stderr;

        Assert.True(process.ExitCode == 0, output);
        foreach (var check in new[]
        {
            "ok TLS without a token: UNAUTHENTICATED", "ok TLS with a viewer token: reads, PERMISSION_DENIED on a write",
            "ok TLS with an operator token: CreateNode", "ok client certificate: registers its own node, PERMISSION_DENIED on another",
            "ok client certificate: heartbeat stream of its node acked, another node PERMISSION_DENIED",
        })
        {
            Assert.Contains(check, output);
        }
    }
}
