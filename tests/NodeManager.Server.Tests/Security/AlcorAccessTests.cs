using System.Net;

namespace NodeManager.Server.Tests.Security;

/// <summary>Alcor's port manager sends no credentials: a static service token or a trusted network lets it read Alcor's routes, and nothing else.</summary>
public sealed class AlcorServiceTokenTests : SecuredServerTestBase
{
    private const string ServiceToken = "alcor-static-token-for-tests";

    protected override string[] ExtraArgs => [$"--NodeManager:Security:Alcor:ServiceToken={ServiceToken}"];

    private async Task<HttpStatusCode> AlcorAsync(string? token, HttpMethod method, string path, string? json = null)
    {
        using var request = new HttpRequestMessage(method, path) { Content = json is null ? null : new StringContent(json, System.Text.Encoding.UTF8, "application/json") };
        if (token is not null)
        {
            request.Headers.Add("X-Alcor-Token", token);
        }

        return (await Server.Client.SendAsync(request)).StatusCode;
    }

    [Fact]
    public async Task ServiceToken_ReadsAlcorRoutesOnly()
    {
        var created = await SendAsync(Tokens.Operator("operator"), HttpMethod.Post, "/v1/nodes", Infrastructure.Json.NodeJson(1));
        var id = (await Infrastructure.Json.ReadAsync(created))["id"]!.GetValue<string>();

        Assert.Equal(HttpStatusCode.OK, await AlcorAsync(ServiceToken, HttpMethod.Get, "/nodes"));
        Assert.Equal(HttpStatusCode.OK, await AlcorAsync(ServiceToken, HttpMethod.Get, $"/nodes/{id}"));
        Assert.Equal(HttpStatusCode.OK, await AlcorAsync(ServiceToken, HttpMethod.Get, "/v4/nodes"));

        Assert.Equal(HttpStatusCode.Forbidden, await AlcorAsync(ServiceToken, HttpMethod.Delete, $"/nodes/{id}"));
        Assert.Equal(HttpStatusCode.Forbidden, await AlcorAsync(ServiceToken, HttpMethod.Get, "/v1/nodes"));
        Assert.Equal(HttpStatusCode.Unauthorized, await AlcorAsync("wrong-token", HttpMethod.Get, "/nodes"));
        Assert.Equal(HttpStatusCode.Unauthorized, await AlcorAsync(null, HttpMethod.Get, "/nodes"));
    }
}

/// <summary>With a trusted network (loopback here): reads of Alcor's routes without any credential.</summary>
public sealed class AlcorNetworkTests : SecuredServerTestBase
{
    protected override string[] ExtraArgs => ["--NodeManager:Security:Alcor:Networks:0=127.0.0.0/8"];

    [Fact]
    public async Task TrustedNetwork_ReadsAlcorRoutesWithoutCredentials_NothingElse()
    {
        Assert.Equal(HttpStatusCode.OK, (await SendAsync(null, HttpMethod.Get, "/nodes")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await SendAsync(null, HttpMethod.Post, "/nodes", "{}")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await SendAsync(null, HttpMethod.Get, "/v1/nodes")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await SendAsync(Tokens.Operator("viewer"), HttpMethod.Get, "/v1/nodes")).StatusCode);
    }
}
