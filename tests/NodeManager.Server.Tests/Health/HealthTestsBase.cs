using System.Net;
using NodeManager.Contracts.V1;
using NodeManager.Server.Tests.Infrastructure;

namespace NodeManager.Server.Tests.Health;

/// <summary>A server with the health timings of the subclass (<see cref="ServerTestBase.ExtraArgs"/>) and a client of its HealthService.</summary>
public abstract class HealthTestsBase : ServerTestBase
{
    private HealthService.HealthServiceClient? _health;

    protected HealthService.HealthServiceClient HealthClient => _health ??= new(Channel);

    protected async Task<string> RegisterAsync(int i, int agentPort = 0)
    {
        var node = await CreateAsync(i, agentPort == 0 ? null : $",\"managementAddress\":\"127.0.0.1\",\"agentPort\":{agentPort},\"veth\":\"veth0\"");
        return node["id"]!.GetValue<string>();
    }

    protected async Task<NodeHealth> HealthAsync(string id) =>
        await HealthClient.GetNodeHealthAsync(new GetNodeHealthRequest { NodeId = id }, deadline: DateTime.UtcNow.AddSeconds(10));

    /// <summary>Polls until the node's health satisfies <paramref name="condition"/> (timeout 60 s: generous, for a loaded machine).</summary>
    protected async Task<NodeHealth> WaitForAsync(string id, Func<NodeHealth, bool> condition)
    {
        var deadline = DateTime.UtcNow.AddSeconds(60);
        NodeHealth health;
        do
        {
            health = await HealthAsync(id);
            if (condition(health))
            {
                return health;
            }

            await Task.Delay(50);
        }
        while (DateTime.UtcNow < deadline);

        throw new Xunit.Sdk.XunitException($"condition not reached in 60 s; last health: {health}");
    }

    /// <summary>A lifecycle transition over REST, which must succeed.</summary>
    protected async Task TransitionAsync(string id, string target)
    {
        var response = await Client.SendAsync(HttpMethod.Post, $"/v1/nodes/{id}:transition", $$"""{"targetState":"{{target}}","reason":"test"}""");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    protected static Heartbeat Beat(string id, ulong seq) => new() { NodeId = id, Seq = seq };
}
