using NodeManager.Ui.Tests.Infrastructure;

namespace NodeManager.Ui.Tests.Api;

/// <summary>A test of the endpoints the dashboard reads, against a fresh server of its own (no browser).</summary>
public abstract class ServerTest : IAsyncLifetime
{
    protected UiServer Server { get; private set; } = null!;

    public async Task InitializeAsync() => Server = await UiServer.StartAsync();

    public async Task DisposeAsync() => await Server.DisposeAsync();

    /// <summary>Heartbeats the nodes once each (REST): UNKNOWN → READY.</summary>
    protected async Task BeatAsync(IEnumerable<string> ids)
    {
        foreach (var id in ids)
        {
            using var response = await Server.Client.PostAsync($"/v1/nodes/{id}/heartbeat", null);
            Assert.True(response.IsSuccessStatusCode, $"heartbeat of {id}: {(int)response.StatusCode}");
        }
    }
}
