using System.Net;
using System.Net.Http.Headers;
using Microsoft.Extensions.Configuration;
using NodeManager.Server.Tests.Infrastructure;
using NodeManager.Testing;

namespace NodeManager.Server.Tests.Security;

/// <summary>Signing keys changed in a watched configuration file apply without a restart.</summary>
public sealed class KeyReloadTests : IAsyncLifetime
{
    private readonly TempDirectory _directory = new();
    private readonly Tokens _first = new();
    private readonly Tokens _second = new();
    private TestStore? _store;
    private ServerInstance? _server;

    private string SettingsFile => _directory.File("security.json");

    public async Task InitializeAsync()
    {
        await WriteKeysAsync(_first);
        _store = await TestStore.CreateAsync(postgres: false);
        _server = await ServerInstance.StartAsync(_store.Args, config => config.AddJsonFile(SettingsFile, optional: false, reloadOnChange: true));
    }

    public async Task DisposeAsync()
    {
        await _server!.DisposeAsync();
        await _store!.DisposeAsync();
        _directory.Dispose();
    }

    [Fact]
    public async Task NodeAndOperatorKeys_Rotated_OldTokensRefusedNewAccepted()
    {
        var node = Guid.NewGuid();
        Assert.Equal(HttpStatusCode.OK, await StatusAsync(_first.Operator("viewer")));
        Assert.Equal(HttpStatusCode.NotFound, await StatusAsync(_first.Node(node), $"/v1/nodes/{node}"));

        await WriteKeysAsync(_second);
        await WaitForAsync(() => StatusAsync(_second.Operator("viewer")), HttpStatusCode.OK);
        await WaitForAsync(() => StatusAsync(_second.Node(node), $"/v1/nodes/{node}"), HttpStatusCode.NotFound);
        Assert.Equal(HttpStatusCode.Unauthorized, await StatusAsync(_first.Operator("viewer")));
        Assert.Equal(HttpStatusCode.Unauthorized, await StatusAsync(_first.Node(node), $"/v1/nodes/{node}"));
    }

    private async Task<HttpStatusCode> StatusAsync(string token, string path = "/v1/nodes")
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return (await _server!.Client.SendAsync(request).WaitAsync(TestTimeout.Default)).StatusCode;
    }

    private static async Task WaitForAsync(Func<Task<HttpStatusCode>> probe, HttpStatusCode expected)
    {
        var deadline = DateTime.UtcNow + TestTimeout.Default;
        HttpStatusCode seen;
        while ((seen = await probe()) != expected)
        {
            Assert.True(DateTime.UtcNow < deadline, $"still {seen}, not {expected}, long after the file changed");
            await Task.Delay(100);
        }
    }

    private async Task WriteKeysAsync(Tokens keys) =>
        await File.WriteAllTextAsync(SettingsFile, $$"""
            {
              "Authentication": { "Schemes": { "Bearer": {
                "ValidIssuer": "{{Tokens.Issuer}}", "ValidAudiences": [ "{{Tokens.Audience}}" ],
                "SigningKeys": [ { "Issuer": "{{Tokens.Issuer}}", "Value": "{{Convert.ToBase64String(keys.OperatorKey)}}" } ] } } },
              "NodeManager": { "Security": { "NodeTokens": { "SigningKey": "{{Convert.ToBase64String(keys.NodeKey)}}" } } }
            }
            """);
}
