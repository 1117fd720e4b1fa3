using System.Net.Http.Headers;
using Grpc.Core;
using Grpc.Net.Client;
using NodeManager.Server.Tests.Infrastructure;
using NodeManager.Testing;

namespace NodeManager.Server.Tests.Security;

/// <summary>A real server (SQLite, loopback) with operators' and node tokens configured; fresh per test.</summary>
public abstract class SecuredServerTestBase : IAsyncLifetime
{
    private TestStore? _store;
    private GrpcChannel? _channel;

    protected Tokens Tokens { get; } = new();

    protected ServerInstance Server { get; private set; } = null!;

    protected GrpcChannel Channel => _channel ??= TestGrpcChannel.ForAddress(Server.Grpc);

    protected virtual string[] ExtraArgs => [];

    public async Task InitializeAsync()
    {
        _store = await TestStore.CreateAsync(postgres: false);
        Server = await ServerInstance.StartAsync(_store.Args, [.. Tokens.ServerArgs, .. ExtraArgs]);
    }

    public async Task DisposeAsync()
    {
        _channel?.Dispose();
        await Server.DisposeAsync();
        await _store!.DisposeAsync();
    }

    /// <summary>A REST request with <paramref name="token"/> as its bearer token (none when null).</summary>
    protected async Task<HttpResponseMessage> SendAsync(string? token, HttpMethod method, string path, string? json = null)
    {
        using var request = new HttpRequestMessage(method, path) { Content = json is null ? null : Json.Body(json) };
        if (token is not null)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        }

        return await Server.Client.SendAsync(request).WaitAsync(TestTimeout.Default);
    }

    /// <summary>gRPC call options carrying <paramref name="token"/>.</summary>
    protected static CallOptions As(string? token) =>
        new(headers: token is null ? [] : new Metadata { { "authorization", "Bearer " + token } }, deadline: DateTime.UtcNow + TestTimeout.Default);
}
