using Microsoft.Extensions.Configuration;
using NodeManager.Core.Errors;
using NodeManager.Server.Hosting;
using NodeManager.Server.Security;
using NodeManager.Server.Tests.Infrastructure;

namespace NodeManager.Server.Tests.Security;

/// <summary>Without authentication the server runs open on loopback only (DESIGN §8).</summary>
public sealed class SafeDefaultsTests
{
    [Theory]
    [InlineData("--Kestrel:Endpoints:Http:Url=http://0.0.0.0:5080", "Kestrel:Endpoints:Http:Url")]
    [InlineData("--Kestrel:Endpoints:Grpc:Url=http://*:5081", "Kestrel:Endpoints:Grpc:Url")]
    [InlineData("--Kestrel:Endpoints:Http:Url=http://10.1.2.3:5080", "Kestrel:Endpoints:Http:Url")]
    [InlineData("--Kestrel:Endpoints:Http:Url=http://[::]:5080", "Kestrel:Endpoints:Http:Url")]
    public void NonLoopbackBind_WithoutAuthentication_RefusesToStartNamingTheKeys(string bind, string key)
    {
        using var directory = new TempDirectory();
        var ex = Assert.Throws<StartupException>(() => NodeManagerApp.Create([bind, $"--NodeManager:Storage:Sqlite:Path={directory.File("nm.db")}"]));
        Assert.Contains(key, ex.Message, StringComparison.Ordinal);
        Assert.Contains("NodeManager:Security:AllowAnonymous", ex.Message, StringComparison.Ordinal);
        Assert.Contains("Authentication:Schemes:Bearer", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ServerProcess_NonLoopbackWithoutAuthentication_Exits2NamingTheKey()
    {
        using var directory = new TempDirectory();
        var info = new System.Diagnostics.ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        info.ArgumentList.Add(typeof(NodeManagerApp).Assembly.Location);
        info.ArgumentList.Add($"--Kestrel:Endpoints:Http:Url=http://0.0.0.0:{NodeManager.Testing.LoopbackHost.FreePort()}");
        info.ArgumentList.Add($"--NodeManager:Storage:Sqlite:Path={directory.File("nm.db")}");
        using var process = System.Diagnostics.Process.Start(info)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync().WaitAsync(NodeManager.Testing.TestTimeout.Default);
        var error = await stderr;
        await stdout;

        Assert.Equal(2, process.ExitCode);
        Assert.Contains("Kestrel:Endpoints:Http:Url=http://0.0.0.0", error, StringComparison.Ordinal);
        Assert.Contains("NodeManager:Security:AllowAnonymous=true", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ServerProcess_OpenOnLoopback_SaysSoAtStart_OpenOnPurpose_Warns()
    {
        using var directory = new TempDirectory();
        await using (var loopback = await ServerProcess.StartAsync([$"--NodeManager:Storage:Sqlite:Path={directory.File("a.db")}"]))
        {
            Assert.Contains("the server is open, listening on loopback only", loopback.Output, StringComparison.Ordinal);
        }

        await using var open = await ServerProcess.StartAsync([
            $"--NodeManager:Storage:Sqlite:Path={directory.File("b.db")}",
            $"--Kestrel:Endpoints:Extra:Url=http://0.0.0.0:{NodeManager.Testing.LoopbackHost.FreePort()}",
            "--NodeManager:Security:AllowAnonymous=true",
        ]);
        Assert.Contains("AllowAnonymous=true: anyone who reaches", open.Output, StringComparison.Ordinal);
    }

    [Fact]
    public void UrlsOption_IsCheckedToo()
    {
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(new Dictionary<string, string?> { ["urls"] = "http://localhost:1;http://+:2" }).Build();
        Assert.Equal(["urls=http://+:2"], BindCheck.NonLoopback(configuration));
    }

    [Theory]
    [InlineData("http://localhost:5080", true)]
    [InlineData("https://127.0.0.1:5080", true)]
    [InlineData("http://127.8.9.10:1", true)]
    [InlineData("http://[::1]:5080", true)]
    [InlineData("http://*:5080", false)]
    [InlineData("http://+:5080", false)]
    [InlineData("http://0.0.0.0:5080", false)]
    [InlineData("http://node-manager.example:5080", false)]
    public void IsLoopback(string url, bool loopback) => Assert.Equal(loopback, BindCheck.IsLoopback(url));

    [Fact]
    public async Task NonLoopbackBind_WithAllowAnonymous_StartsOpen()
    {
        await using var store = await TestStore.CreateAsync(postgres: false);
        var port = NodeManager.Testing.LoopbackHost.FreePort();
        await using var server = await ServerInstance.StartAsync(store.Args, $"--Kestrel:Endpoints:Extra:Url=http://0.0.0.0:{port}", "--NodeManager:Security:AllowAnonymous=true");
        Assert.Equal(System.Net.HttpStatusCode.OK, (await server.Client.SendAsync(HttpMethod.Get, "/v1/nodes")).StatusCode);
    }

    [Fact]
    public async Task NonLoopbackBind_WithAuthentication_Starts()
    {
        await using var store = await TestStore.CreateAsync(postgres: false);
        var port = NodeManager.Testing.LoopbackHost.FreePort();
        await using var server = await ServerInstance.StartAsync(store.Args, [.. new Tokens().ServerArgs, $"--Kestrel:Endpoints:Extra:Url=http://0.0.0.0:{port}"]);
        Assert.Equal(System.Net.HttpStatusCode.Unauthorized, (await server.Client.SendAsync(HttpMethod.Get, "/v1/nodes")).StatusCode);
    }

    [Fact]
    public void BadSecurityConfiguration_IsReportedAtOnce()
    {
        using var directory = new TempDirectory();
        var ex = Assert.Throws<StartupException>(() => NodeManagerApp.Create([
            $"--NodeManager:Storage:Sqlite:Path={directory.File("nm.db")}",
            "--NodeManager:Security:NodeTokens:SigningKey=c2hvcnQ=",
            "--NodeManager:Security:Agents:ClientCa=/nonexistent/ca.pem",
            "--NodeManager:Security:Alcor:Networks:0=10.0.0.0/33",
            "--Authentication:Schemes:Bearer:ValidIssuer=x",
        ]));
        Assert.Contains("NodeManager:Security:NodeTokens:SigningKey is 5 bytes", ex.Message, StringComparison.Ordinal);
        Assert.Contains("NodeManager:Security:Agents:ClientCa '/nonexistent/ca.pem' does not exist", ex.Message, StringComparison.Ordinal);
        Assert.Contains("NodeManager:Security:Alcor:Networks has '10.0.0.0/33'", ex.Message, StringComparison.Ordinal);
        Assert.Contains("neither SigningKeys nor Authority", ex.Message, StringComparison.Ordinal);
        Assert.Contains("Authentication:Schemes:Bearer:ValidAudiences is empty", ex.Message, StringComparison.Ordinal);
    }
}
