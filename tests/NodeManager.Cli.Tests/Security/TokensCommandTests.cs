using NodeManager.Cli.Tests.Infrastructure;
using NodeManager.Server.Tests.Infrastructure;

namespace NodeManager.Cli.Tests.Security;

/// <summary>
/// <c>nmctl tokens key|issue</c> against a server process that requires authentication: the keys nmctl makes
/// configure the server, the tokens it issues are accepted (operator roles, a node token confined to its node).
/// </summary>
public sealed class TokensCommandTests : IAsyncLifetime
{
    private readonly TempDirectory _dir = new();
    private ServerProcess? _server;

    private string Home => _dir.File("home");

    private Nmctl Nmctl() => new(_server?.Grpc, Home);

    public async Task InitializeAsync()
    {
        Directory.CreateDirectory(Home);
        var operatorKey = (await Nmctl().RunAsync("tokens", "key")).Ok().Out.Trim();
        var nodeKey = (await Nmctl().RunAsync("tokens", "key")).Ok().Out.Trim();
        Assert.Equal(32, Convert.FromBase64String(operatorKey).Length);
        Assert.NotEqual(operatorKey, nodeKey);
        await File.WriteAllTextAsync(_dir.File("operators.key"), operatorKey + "\n");
        await File.WriteAllTextAsync(_dir.File("nodes.key"), nodeKey + "\n");
        _server = await ServerProcess.StartAsync(
        [
            $"--NodeManager:Storage:Sqlite:Path={_dir.File("nm.db")}",
            "--Kestrel:Endpoints:Grpc:Protocols=Http2",
            "--Authentication:Schemes:Bearer:ValidIssuer=nodemanager",
            "--Authentication:Schemes:Bearer:ValidAudiences:0=nodemanager",
            "--Authentication:Schemes:Bearer:SigningKeys:0:Issuer=nodemanager",
            $"--Authentication:Schemes:Bearer:SigningKeys:0:Value={operatorKey}",
            $"--NodeManager:Security:NodeTokens:SigningKey={nodeKey}",
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

    private async Task<string> IssueAsync(params string[] args) =>
        (await Nmctl().RunAsync(["tokens", "issue", .. args])).Ok().Out.Trim();

    [Fact]
    public async Task IssuedOperatorTokens_CarryTheirRole_NoTokenIsExit7()
    {
        var viewer = await IssueAsync("--subject", "vera", "--role", "viewer", "--issuer", "nodemanager", "--audience", "nodemanager", "--key-file", _dir.File("operators.key"));
        var op = await IssueAsync("--subject", "otto", "--role", "operator", "--issuer", "nodemanager", "--audience", "nodemanager", "--key-file", _dir.File("operators.key"), "--expires", "1h");

        var anonymous = await Nmctl().RunAsync("nodes", "list");
        Assert.Equal(7, anonymous.ExitCode);

        (await Nmctl().RunAsync("--token", op, "nodes", "create", "--name", "t-1", "--ip", "10.3.0.1")).Ok();
        var denied = await Nmctl().RunAsync("--token", viewer, "nodes", "create", "--name", "t-2", "--ip", "10.3.0.2");
        Assert.Equal(7, denied.ExitCode);
        var tool = Nmctl();
        tool.Environment["NMCTL_TOKEN"] = viewer;
        Assert.Contains("t-1", (await tool.RunAsync("nodes", "list")).Ok().Out, StringComparison.Ordinal);
        Assert.DoesNotContain("t-2", (await tool.RunAsync("nodes", "list")).Ok().Out, StringComparison.Ordinal);
    }

    [Fact]
    public async Task IssuedNodeToken_IsTheAgentOfThatNodeOnly()
    {
        var id = Guid.NewGuid();
        var token = await IssueAsync("--node", id.ToString(), "--key-file", _dir.File("nodes.key"));
        (await Nmctl().RunAsync("--token", token, "nodes", "create", "--id", id.ToString(), "--name", "own", "--ip", "10.3.1.1")).Ok();
        var other = await Nmctl().RunAsync("--token", token, "nodes", "create", "--id", Guid.NewGuid().ToString(), "--name", "other", "--ip", "10.3.1.2");
        Assert.Equal(7, other.ExitCode);
        Assert.Contains("PermissionDenied", other.Err, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("--node", "not-a-uuid")]
    [InlineData("--subject", "x")]
    public async Task BadIssueArguments_AreUsageErrors(string flag, string value)
    {
        var result = await Nmctl().RunAsync("tokens", "issue", flag, value, "--key-file", _dir.File("nodes.key"));
        Assert.Equal(1, result.ExitCode);
        Assert.StartsWith("error: ", result.Err, StringComparison.Ordinal);
    }
}
