using NodeManager.Deployment.Tests.Infrastructure;

namespace NodeManager.Deployment.Tests.Chart;

/// <summary>The agent DaemonSet (agents profile): on the host's network, its node id kept on the machine, pointed at the silos.</summary>
public sealed class AgentObjectsTests
{
    private const string Full = Infrastructure.Chart.FullName;

    [Fact]
    public async Task AgentDaemonSet_AgentsProfile_RunsOnTheHostNetworkAndTalksToTheGrpcService()
    {
        var rendered = await Infrastructure.Chart.RenderAsync(Infrastructure.Chart.ProfileArgs("agents"));
        var daemonSet = rendered.Single("DaemonSet", $"{Full}-agent");
        var pod = Workload.PodTemplate(daemonSet).GetProperty("spec");
        var agent = Workload.Container(daemonSet, "agent");
        var env = Workload.Env(agent);
        var grpc = rendered.Single("Service", $"{Full}-grpc");

        Assert.True(pod.GetProperty("hostNetwork").GetBoolean());
        Assert.Equal("ClusterFirstWithHostNet", pod.GetProperty("dnsPolicy").GetString());
        var port = grpc.GetProperty("spec").GetProperty("ports")[0].GetProperty("port").GetInt32();
        Assert.Equal($"http://{Full}-grpc.{Infrastructure.Chart.Namespace}.svc.cluster.local:{port}", Workload.Value(env["NodeManagerAgent__Server"]));

        // The node id lives in the state directory: a host path, so it belongs to the machine, not to the pod.
        var stateDir = Workload.Value(env["NodeManagerAgent__StateDir"]);
        var stateMount = agent.GetProperty("volumeMounts").EnumerateArray().Single(m => m.GetProperty("mountPath").GetString() == stateDir);
        var stateVolume = pod.GetProperty("volumes").EnumerateArray().Single(v => v.GetProperty("name").GetString() == stateMount.GetProperty("name").GetString());
        Assert.Equal("/var/lib/nodemanager-agent", stateVolume.GetProperty("hostPath").GetProperty("path").GetString());
        Assert.Equal("spec.nodeName", Workload.FieldPath(env["NodeManagerAgent__Name"]));

        // The host's /proc and /sys below HostRoot.
        var hostRoot = Workload.Value(env["NodeManagerAgent__HostRoot"]);
        var mounts = agent.GetProperty("volumeMounts").EnumerateArray().Select(m => m.GetProperty("mountPath").GetString()).ToList();
        Assert.Contains($"{hostRoot}/proc", mounts);
        Assert.Contains($"{hostRoot}/sys", mounts);

        // The silos probe the agent at its node's address and agent_port: the port the agent listens on, on the host.
        var agentPort = int.Parse(Workload.Value(env["NodeManagerAgent__AgentPort"])!, System.Globalization.CultureInfo.InvariantCulture);
        Assert.Equal(agentPort, Workload.Port(agent, "probe"));
        Assert.Equal(agentPort, agent.GetProperty("readinessProbe").GetProperty("grpc").GetProperty("port").GetInt32());
        Assert.Equal("r12", Workload.Value(env["NodeManagerAgent__Labels__rack"]));
        Assert.True(agent.GetProperty("securityContext").GetProperty("readOnlyRootFilesystem").GetBoolean());
        Assert.Equal(["ALL"], agent.GetProperty("securityContext").GetProperty("capabilities").GetProperty("drop").EnumerateArray().Select(c => c.GetString()!).ToArray());
    }

    [Fact]
    public async Task AgentEnvironment_EveryConfigurationKey_IsOneTheAgentDocuments()
    {
        var rendered = await Infrastructure.Chart.RenderAsync(Infrastructure.Chart.ProfileArgs("agents"));
        var readme = File.ReadAllText(Repo.File("src", "NodeManager.Agent", "README.md"));
        var env = Workload.Env(Workload.Container(rendered.Single("DaemonSet", $"{Full}-agent"), "agent"));

        var keys = env.Keys.Where(k => k.StartsWith("NodeManagerAgent__", StringComparison.Ordinal)).ToList();
        Assert.NotEmpty(keys);
        Assert.All(keys, name =>
        {
            // NodeManagerAgent__Labels__rack is NodeManagerAgent:Labels:<key>; the rest are documented by name.
            var key = name.Replace("__", ":", StringComparison.Ordinal);
            var documented = key.StartsWith("NodeManagerAgent:Labels:", StringComparison.Ordinal)
                ? readme.Contains("`NodeManagerAgent:Labels:<key>`", StringComparison.Ordinal)
                : readme.Contains($"`{key}`", StringComparison.Ordinal) || readme.Contains($"`{key.Split(':')[^1]}`", StringComparison.Ordinal);
            Assert.True(documented, $"{key} is not in src/NodeManager.Agent/README.md");
        });
    }

    [Fact]
    public async Task Agent_ByDefault_IsNotDeployed()
    {
        var rendered = await Infrastructure.Chart.RenderAsync();

        Assert.Empty(rendered.OfKind("DaemonSet"));
    }
}
