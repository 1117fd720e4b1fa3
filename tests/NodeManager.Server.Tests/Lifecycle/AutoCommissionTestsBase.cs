using NodeManager.Server.Tests.Infrastructure;
using NodeManager.Testing;

namespace NodeManager.Server.Tests.Lifecycle;

/// <summary>NodeManager:Lifecycle:AutoCommission=true.</summary>
public abstract class AutoCommissionTestsBase : ServerTestBase
{
    protected override string[] ExtraArgs => ["--NodeManager:Lifecycle:AutoCommission=true"];

    [StoreFact]
    public async Task CreateNode_AutoCommissionOn_NodeIsCommissionedBySystem()
    {
        var created = await CreateAsync(1);
        var imported = await Client.SendAsync(HttpMethod.Post, "/v1/nodes:import", "[" + Json.NodeJson(2) + "]");

        Assert.Equal("LIFECYCLE_STATE_COMMISSIONED", created["lifecycleState"]!.GetValue<string>());
        Assert.Equal("2", created["version"]!.GetValue<string>());
        Assert.Equal(System.Net.HttpStatusCode.OK, imported.StatusCode);
        var list = await Json.ReadAsync(await Client.SendAsync(HttpMethod.Get, "/v1/nodes?lifecycle_state=COMMISSIONED"));
        Assert.Equal(2, list["nodes"]!.AsArray().Count);
    }
}
