using System.Security.Cryptography;
using NodeManager.Contracts.Credentials;
using NodeManager.Simulator.Hosting;
using NodeManager.Simulator.Scenarios;
using NodeManager.Simulator.Tests.Infrastructure;
using NodeManager.Testing;

namespace NodeManager.Simulator.Tests.EndToEnd;

/// <summary>The simulator against a server that requires authentication (docs/security.md), with <c>--token</c>.</summary>
public sealed class SecuredServerTests
{
    [Fact]
    public async Task SteadyRun_WithAnAdminToken_ImportsConnectsAndIsAcked()
    {
        var key = RandomNumberGenerator.GetBytes(32);
        await using var server = await ServerHost.StartAsync(
            "--Authentication:Schemes:Bearer:ValidIssuer=sim",
            "--Authentication:Schemes:Bearer:ValidAudiences:0=nodemanager",
            "--Authentication:Schemes:Bearer:SigningKeys:0:Issuer=sim",
            $"--Authentication:Schemes:Bearer:SigningKeys:0:Value={Convert.ToBase64String(key)}");
        var token = NodeCredentials.CreateToken(key, new Dictionary<string, object> { ["iss"] = "sim", ["aud"] = "nodemanager", ["sub"] = "simulator", ["role"] = "admin" },
            DateTimeOffset.UtcNow, DateTimeOffset.UtcNow.AddHours(1));
        var options = new SimulatorOptions
        {
            Servers = { server.Grpc },
            Rest = server.Rest,
            Scenario = ScenarioKind.Steady,
            Nodes = 50,
            Connections = 2,
            InitialInterval = TimeSpan.FromSeconds(1),
            Warmup = TimeSpan.FromSeconds(1),
            Duration = TimeSpan.FromSeconds(2),
            MaxRuntime = TimeSpan.FromSeconds(55),
            NamePrefix = "secured",
            Token = token,
        };

        var report = await new ScenarioRunner(options, TextWriter.Null).RunAsync(CancellationToken.None).WaitAsync(TestTimeout.Default);

        Assert.True(report.Acked > 0);
        Assert.Equal(0, report.Lost);
        Assert.Empty(report.Failures);
    }
}
