using Grpc.Core;
using Grpc.Health.V1;
using NodeManager.Agent.Hosting;
using NodeManager.Agent.Tests.Infrastructure;
using NodeManager.Contracts.V1;
using NodeManager.Testing;
using ServingStatus = Grpc.Health.V1.HealthCheckResponse.Types.ServingStatus;

namespace NodeManager.Agent.Tests.EndToEnd;

/// <summary>
/// The agent's probe endpoint (<c>grpc.health.v1.Health</c> on Grpc.AspNetCore) on loopback, with no server to
/// talk to: it answers for the agent process, whatever the state of the heartbeat path.
/// </summary>
public sealed class ProbeEndpointTests : IAsyncLifetime
{
    private readonly TempDirectory _dir = new();
    private AgentHost? _agent;

    private AgentHost Agent => _agent!;

    public async Task InitializeAsync()
    {
        // Nothing listens there: the agent keeps reconnecting while the probe answers.
        var nowhere = new Uri($"http://127.0.0.1:{LoopbackHost.FreePort()}");
        _agent = await AgentHost.StartAsync(nowhere, _dir.File("state"), _dir.Path);
    }

    public async Task DisposeAsync()
    {
        if (_agent is not null)
        {
            await _agent.DisposeAsync();
        }

        _dir.Dispose();
    }

    [Fact]
    public async Task Check_WholeAgent_ServingWithoutTheServer()
    {
        using var channel = ServerChannel.Create(ProbeAddress);
        var response = await new Health.HealthClient(channel).CheckAsync(new HealthCheckRequest(), Deadline()).ResponseAsync.WaitAsync(TestTimeout.Default);

        Assert.Equal(ServingStatus.Serving, response.Status);
    }

    [Fact]
    public async Task Check_UnknownService_NotFound()
    {
        using var channel = ServerChannel.Create(ProbeAddress);
        var call = new Health.HealthClient(channel).CheckAsync(new HealthCheckRequest { Service = "nodemanager.v1.NodeService" }, Deadline());

        var ex = await Assert.ThrowsAsync<RpcException>(() => call.ResponseAsync.WaitAsync(TestTimeout.Default));
        Assert.Equal(StatusCode.NotFound, ex.StatusCode);
    }

    [Fact]
    public async Task UnknownMethod_Unimplemented()
    {
        using var channel = ServerChannel.Create(ProbeAddress);
        var call = new NodeService.NodeServiceClient(channel).GetNodeAsync(new GetNodeRequest { Id = Guid.NewGuid().ToString("D") }, Deadline());

        var ex = await Assert.ThrowsAsync<RpcException>(() => call.ResponseAsync.WaitAsync(TestTimeout.Default));
        Assert.Equal(StatusCode.Unimplemented, ex.StatusCode);
    }

    [Fact]
    public async Task Watch_AgentStops_NotServingThenEnds()
    {
        using var channel = ServerChannel.Create(ProbeAddress);
        using var watch = new Health.HealthClient(channel).Watch(new HealthCheckRequest());
        var updates = watch.ResponseStream;

        Assert.True(await updates.MoveNext(CancellationToken.None).WaitAsync(TestTimeout.Default));
        Assert.Equal(ServingStatus.Serving, updates.Current.Status);

        var stopping = Agent.StopAsync();
        Assert.True(await updates.MoveNext(CancellationToken.None).WaitAsync(TestTimeout.Default));
        Assert.Equal(ServingStatus.NotServing, updates.Current.Status);
        Assert.False(await updates.MoveNext(CancellationToken.None).WaitAsync(TestTimeout.Default));
        Assert.Equal(StatusCode.OK, watch.GetStatus().StatusCode);
        await stopping;
    }

    private Uri ProbeAddress => new($"http://127.0.0.1:{Agent.Port}");

    private static CallOptions Deadline() => new(deadline: DateTime.UtcNow.AddSeconds(10));
}
