using System.Net;
using NodeManager.Server.Tests.Infrastructure;
using NodeManager.Testing;

namespace NodeManager.Server.Tests.Durability;

/// <summary>Start-up behaviour of the real process: import file, single instance per SQLite file, config errors.</summary>
public sealed class StartupTests : IDisposable
{
    private readonly TempDirectory _dir = new();

    private string Db => $"--NodeManager:Storage:Sqlite:Path={_dir.File("nm.db")}";

    [Fact]
    public async Task ImportFile_AtStartup_IsImportedAndIdempotentAcrossRestarts()
    {
        var file = _dir.File("nodes.json");
        await File.WriteAllTextAsync(file, """{"host_infos":[{"node_id":"node1","node_name":"node1","local_ip":"10.213.43.161","mac_address":"90:17:ac:c1:34:64"}]}""");
        for (var run = 0; run < 2; run++)
        {
            await using var server = await ServerProcess.StartAsync([Db, $"--NodeManager:Import:File={file}"]);
            var list = await Json.ReadAsync(await server.Client.SendAsync(HttpMethod.Get, "/v1/nodes"));
            var node = Assert.Single(list["nodes"]!.AsArray())!;
            Assert.Equal(("node1", "1"), (node["name"]!.GetValue<string>(), node["version"]!.GetValue<string>()));
        }
    }

    [Fact]
    public async Task ImportFile_WithBadRows_StopsTheStartNamingTheRowAndWritesNothing()
    {
        var file = _dir.File("nodes.json");
        await File.WriteAllTextAsync(file, """[{"name":"ok","ip":"10.0.0.1"},{"name":"bad","ip":"10.0.0.256"}]""");
        var output = await StartExpectingExitAsync([Db, $"--NodeManager:Import:File={file}"]);
        Assert.Contains("row 2: ip", output);

        await using var server = await ServerProcess.StartAsync([Db]);
        var list = await Json.ReadAsync(await server.Client.SendAsync(HttpMethod.Get, "/v1/nodes"));
        Assert.Empty(list["nodes"]!.AsArray());
    }

    [Fact]
    public async Task SecondInstance_OnSameSqliteFile_RefusesToStart()
    {
        await using var first = await ServerProcess.StartAsync([Db]);
        var output = await StartExpectingExitAsync([Db]);
        Assert.Contains("Another NodeManager instance is using the SQLite database", output);
        Assert.Equal(HttpStatusCode.OK, (await first.Client.GetAsync("/readyz")).StatusCode);
    }

    [Fact]
    public async Task PostgresWithoutConnectionString_RefusesToStartSayingHowToFix()
    {
        var output = await StartExpectingExitAsync(["--NodeManager:Storage:Provider=Postgres"]);
        Assert.Contains("ConnectionStrings:NodeManager is empty", output);
    }

    /// <summary>Starts a server that must exit on its own; returns what it printed.</summary>
    private static async Task<string> StartExpectingExitAsync(string[] args)
    {
        var ex = await Assert.ThrowsAsync<InvalidOperationException>(() => ServerProcess.StartAsync(args));
        Assert.Contains("server exited with", ex.Message);
        return ex.Message;
    }

    public void Dispose() => _dir.Dispose();
}

/// <summary>One PostgreSQL database, one cluster: a second standalone server is refused, as on one SQLite file.</summary>
[RequiresPostgres]
public sealed class PostgresStartupTests
{
    [StoreFact]
    public async Task SecondStandaloneServer_OnSamePostgresDatabase_RefusesToStartSayingHowToFix()
    {
        await using var store = await TestStore.CreateAsync(postgres: true);
        await using var first = await ServerProcess.StartAsync(store.Args);

        var ex = await Assert.ThrowsAsync<InvalidOperationException>(() => ServerProcess.StartAsync(store.Args));
        Assert.Contains("server exited with", ex.Message);
        Assert.Contains("another NodeManager server is using this PostgreSQL database", ex.Message);
        Assert.Contains("Orleans:Clustering:ProviderType=Redis", ex.Message);
        Assert.Equal(HttpStatusCode.OK, (await first.Client.GetAsync("/readyz")).StatusCode);
    }
}
