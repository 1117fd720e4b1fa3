using NodeManager.Cli.Hosting;
using NodeManager.Cli.Tests.Infrastructure;
using NodeManager.Testing;

namespace NodeManager.Cli.Tests.Config;

/// <summary>Where nmctl finds its server, token and output: flag, then environment, then config file, then defaults.</summary>
public sealed class ConfigTests(ServerFixture fixture) : CliTestBase(fixture)
{
    private static string DeadEndpoint() => $"http://127.0.0.1:{LoopbackHost.FreePort()}";

    private Nmctl WithoutServer() => new(null, Fixture.Home);

    private string WriteConfig(string text, string extension = "yaml")
    {
        var path = Path.Combine(Fixture.Home, $"config-{Guid.NewGuid():N}.{extension}");
        File.WriteAllText(path, text);
        return path;
    }

    [Fact]
    public async Task ConfigFile_GivesServerAndOutput()
    {
        var nmctl = WithoutServer();
        nmctl.Environment["NMCTL_CONFIG"] = WriteConfig($"server: {Fixture.Server.Grpc}\noutput: json\n");

        var result = (await nmctl.RunAsync("cluster", "status")).Ok();

        Assert.Equal("SERVING", (string)result.Json()["serving"]!);
    }

    [Fact]
    public async Task ConfigFile_AtTheDefaultPath_IsReadAsJson()
    {
        var home = Path.Combine(Fixture.Home, "xdg-" + Tag);
        Directory.CreateDirectory(Path.Combine(home, "nmctl"));
        await File.WriteAllTextAsync(Path.Combine(home, "nmctl", "config.json"), $$"""{"server": "{{Fixture.Server.Grpc}}", "output": "yaml"}""");
        var nmctl = WithoutServer();
        nmctl.Environment["XDG_CONFIG_HOME"] = home;

        var result = (await nmctl.RunAsync("cluster", "status")).Ok();

        Assert.Equal("SERVING", result.Yaml()["serving"]);
    }

    [Fact]
    public async Task Environment_WinsOverTheConfigFile()
    {
        var nmctl = WithoutServer();
        nmctl.Environment["NMCTL_CONFIG"] = WriteConfig($"server: {DeadEndpoint()}\n");
        nmctl.Environment["NMCTL_SERVER"] = Fixture.Server.Grpc.ToString();

        var result = (await nmctl.RunAsync("cluster", "status", "-o", "json")).Ok();

        Assert.Equal(Fixture.Server.Grpc.ToString(), (string)result.Json()["server"]!);
    }

    [Fact]
    public async Task Flag_WinsOverTheEnvironment()
    {
        var dead = DeadEndpoint();

        var result = await Nmctl.RunAsync("nodes", "list", "--server", dead);

        Assert.Equal(ExitCodes.Unavailable, result.ExitCode);
        Assert.Contains(dead, result.Err);
        Assert.Contains("--server", result.Err);
    }

    [Fact]
    public async Task ServerFromTheConfigFile_IsNamedWhenUnreachable()
    {
        var nmctl = WithoutServer();
        var config = WriteConfig($"server: {DeadEndpoint()}\n");

        var result = await nmctl.RunAsync("nodes", "list", "--config", config);

        Assert.Equal(ExitCodes.Unavailable, result.ExitCode);
        Assert.Contains($"config file {config}", result.Err);
    }

    [Fact]
    public async Task ConfigFile_WithAnUnknownKey_IsAUsageErrorNamingTheKey()
    {
        var config = WriteConfig("srever: localhost:5081\n");

        var result = await Nmctl.RunAsync("nodes", "list", "--config", config);

        Assert.Equal(ExitCodes.Usage, result.ExitCode);
        Assert.Contains("unknown key 'srever'", result.Err);
    }

    [Fact]
    public async Task ConfigFile_Missing_IsAUsageError()
    {
        var result = await Nmctl.RunAsync("nodes", "list", "--config", Path.Combine(Fixture.Home, "nope.yaml"));

        Assert.Equal(ExitCodes.Usage, result.ExitCode);
        Assert.Contains("nope.yaml does not exist", result.Err);
    }

    [Fact]
    public async Task OutputFromTheEnvironment_IsUsedWithoutTheFlag()
    {
        Nmctl.Environment["NMCTL_OUTPUT"] = "json";
        var created = await CreateNodeAsync();

        var result = (await Nmctl.RunAsync("nodes", "get", (string)created["id"]!)).Ok();

        Assert.Equal((string)created["name"]!, (string)result.Json()["name"]!);
    }

    [Fact]
    public async Task Token_IsSentAsBearerMetadataFromFlagEnvironmentOrFile()
    {
        await using var fake = await RecordingServer.StartAsync();
        var nmctl = new Nmctl(fake.Address, Fixture.Home);

        (await nmctl.RunAsync("nodes", "get", Guid.NewGuid().ToString(), "--token", "from-flag")).Ok();
        nmctl.Environment["NMCTL_TOKEN"] = "from-env";
        (await nmctl.RunAsync("nodes", "get", Guid.NewGuid().ToString())).Ok();
        nmctl.Environment.Remove("NMCTL_TOKEN");
        nmctl.Environment["NMCTL_CONFIG"] = WriteConfig("token: from-file\n");
        (await nmctl.RunAsync("nodes", "get", Guid.NewGuid().ToString())).Ok();
        nmctl.Environment.Remove("NMCTL_CONFIG");
        (await nmctl.RunAsync("nodes", "get", Guid.NewGuid().ToString())).Ok();

        Assert.Equal(["Bearer from-flag", "Bearer from-env", "Bearer from-file", ""], fake.Authorization);
    }
}
