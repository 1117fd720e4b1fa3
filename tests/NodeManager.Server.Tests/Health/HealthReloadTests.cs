using Microsoft.Extensions.Configuration;
using NodeManager.Contracts.V1;
using NodeManager.Server.Tests.Infrastructure;
using NodeManager.Testing;

namespace NodeManager.Server.Tests.Health;

/// <summary>NodeManager:Health changed in a watched configuration file while the server runs: the next acks carry it.</summary>
public sealed class HealthReloadTests : IAsyncLifetime
{
    private readonly TempDirectory _directory = new();
    private TestStore? _store;
    private ServerInstance? _server;

    private string SettingsFile => _directory.File("health.json");

    public async Task InitializeAsync()
    {
        await WriteSettingsAsync("00:00:02", "00:00:06");
        _store = await TestStore.CreateAsync(postgres: false);
        _server = await ServerInstance.StartAsync(_store.Args, config => config.AddJsonFile(SettingsFile, optional: false, reloadOnChange: true));
    }

    public async Task DisposeAsync()
    {
        if (_server is not null)
        {
            await _server.DisposeAsync();
        }

        if (_store is not null)
        {
            await _store.DisposeAsync();
        }

        _directory.Dispose();
    }

    [Fact]
    public async Task HeartbeatInterval_ChangedInWatchedFile_NextAcksCarryItAndInvalidChangeIsRefused()
    {
        var response = await _server!.Client.SendAsync(HttpMethod.Post, "/v1/nodes", Json.NodeJson(1));
        var id = (await Json.ReadAsync(response))["id"]!.GetValue<string>();
        using var channel = TestGrpcChannel.ForAddress(_server.Grpc);
        var health = new HealthService.HealthServiceClient(channel);
        Assert.Equal(TimeSpan.FromSeconds(2), await AckIntervalAsync(health, id));

        await WriteSettingsAsync("00:00:03", "00:00:09");
        await WaitForIntervalAsync(health, id, TimeSpan.FromSeconds(3));

        // Grace shorter than the interval does not validate: refused, the running policy is kept.
        await WriteSettingsAsync("00:00:04", "00:00:01");
        for (var i = 0; i < 20; i++) // two seconds: the watcher reloads within a fraction of that
        {
            Assert.Equal(TimeSpan.FromSeconds(3), await AckIntervalAsync(health, id));
            await Task.Delay(100);
        }

        await WriteSettingsAsync("00:00:05", "00:00:15");
        await WaitForIntervalAsync(health, id, TimeSpan.FromSeconds(5));
    }

    private async Task WriteSettingsAsync(string interval, string grace) =>
        await File.WriteAllTextAsync(SettingsFile, "{\"NodeManager\":{\"Health\":{\"HeartbeatInterval\":\"" + interval + "\",\"GracePeriod\":\"" + grace + "\",\"DownAfter\":\"00:01:00\"}}}");

    private static async Task<TimeSpan> AckIntervalAsync(HealthService.HealthServiceClient health, string id) =>
        (await health.ReportHeartbeatAsync(new Heartbeat { NodeId = id, Seq = 1 }, deadline: DateTime.UtcNow.AddSeconds(10))).Interval.ToTimeSpan();

    private static async Task WaitForIntervalAsync(HealthService.HealthServiceClient health, string id, TimeSpan expected)
    {
        var deadline = DateTime.UtcNow.AddSeconds(20);
        TimeSpan seen;
        while ((seen = await AckIntervalAsync(health, id)) != expected)
        {
            Assert.True(DateTime.UtcNow < deadline, $"acks still carry {seen} 20 s after the file said {expected}");
            await Task.Delay(100);
        }
    }
}
