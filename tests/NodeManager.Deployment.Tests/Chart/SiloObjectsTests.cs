using System.Text.Json;
using NodeManager.Deployment.Tests.Infrastructure;

namespace NodeManager.Deployment.Tests.Chart;

/// <summary>What the rendered silos must be for a cluster that runs as DESIGN §3 and §11 describe.</summary>
public sealed class SiloObjectsTests
{
    private const string Full = Infrastructure.Chart.FullName;

    [Theory]
    [InlineData("default")]
    [InlineData("external")]
    [InlineData("agents")]
    public async Task SiloEnvironment_Profile_CarriesTheOrleansClusterKeys(string profile)
    {
        var rendered = await Infrastructure.Chart.RenderAsync(Infrastructure.Chart.ProfileArgs(profile));
        var silo = Workload.Container(rendered.Silos, "silo");
        var env = Workload.Env(silo);
        var podLabels = Workload.Labels(Workload.PodTemplate(rendered.Silos));

        Assert.Equal("Redis", Workload.Value(env["Orleans__Clustering__ProviderType"]));
        Assert.Equal("Postgres", Workload.Value(env["NodeManager__Storage__Provider"]));
        Assert.Equal("true", Workload.Value(env["NodeManager__Kubernetes__Enabled"]));
        AssertFromSecret(rendered, env["Orleans__Clustering__ConnectionString"], profile);
        AssertFromSecret(rendered, env["ConnectionStrings__NodeManager"], profile);

        // The identity is written once, in the pod's labels, and read back by both Orleans and NodeManager.
        Assert.Equal("metadata.labels['orleans/clusterId']", Workload.FieldPath(env["Orleans__ClusterId"]));
        Assert.Equal("metadata.labels['orleans/clusterId']", Workload.FieldPath(env["ORLEANS_CLUSTER_ID"]));
        Assert.Equal("metadata.labels['orleans/serviceId']", Workload.FieldPath(env["Orleans__ServiceId"]));
        Assert.Equal("metadata.labels['orleans/serviceId']", Workload.FieldPath(env["ORLEANS_SERVICE_ID"]));
        Assert.Equal(Full, podLabels["orleans/clusterId"]);
        Assert.Equal(Full, podLabels["orleans/serviceId"]);
        Assert.Equal("metadata.name", Workload.FieldPath(env["POD_NAME"]));
        Assert.Equal("metadata.namespace", Workload.FieldPath(env["POD_NAMESPACE"]));
        Assert.Equal("status.podIP", Workload.FieldPath(env["POD_IP"]));
        Assert.Equal("status.podIP", Workload.FieldPath(env["Orleans__Endpoints__AdvertisedIPAddress"]));
        Assert.Equal(Workload.Port(silo, "silo").ToString(System.Globalization.CultureInfo.InvariantCulture), Workload.Value(env["Orleans__Endpoints__SiloPort"]));
    }

    [Theory]
    [InlineData("default", "false")]
    [InlineData("trial", "true")]
    public async Task SiloEnvironment_AnonymousAccess_IsOffUnlessTheValuesAskForIt(string profile, string expected)
    {
        // The silos bind every address of their pods: without authentication they start only when told to run open.
        var rendered = await Infrastructure.Chart.RenderAsync(Infrastructure.Chart.ProfileArgs(profile));
        var env = Workload.Env(Workload.Container(rendered.Silos, "silo"));

        Assert.Equal(expected, Workload.Value(env["NodeManager__Security__AllowAnonymous"]));
    }

    [Fact]
    public async Task SiloEnvironment_EveryConfigurationKey_IsOneTheServerDocuments()
    {
        var rendered = await Infrastructure.Chart.RenderAsync("--set-string", "silo.config.NodeManager:Health:DownAfter=00:02:00");
        var configuration = File.ReadAllText(Repo.File("docs", "configuration.md"));
        var env = Workload.Env(Workload.Container(rendered.Silos, "silo"));

        // Environment variables with '__' are configuration keys; a key the server does not know would be silently ignored.
        var keys = env.Keys.Where(k => k.Contains("__", StringComparison.Ordinal)).Select(k => k.Replace("__", ":", StringComparison.Ordinal)).ToList();
        Assert.Contains("NodeManager:Health:DownAfter", keys);
        Assert.Equal("00:02:00", Workload.Value(env["NodeManager__Health__DownAfter"]));
        Assert.All(keys, key => Assert.True(configuration.Contains($"`{key}", StringComparison.Ordinal) || configuration.Contains($", `{key}`", StringComparison.Ordinal)
            || configuration.Contains(key + "=", StringComparison.Ordinal), $"{key} is not in docs/configuration.md"));
    }

    [Fact]
    public async Task KubernetesHosting_Role_LetsTheSilosReadWatchAndLabelTheirPods()
    {
        var rendered = await Infrastructure.Chart.RenderAsync();
        var role = rendered.Single("Role", $"{Full}-silo");
        var binding = rendered.Single("RoleBinding", $"{Full}-silo");
        var account = rendered.Single("ServiceAccount", Full);
        var pod = Workload.PodTemplate(rendered.Silos).GetProperty("spec");

        var rule = Assert.Single(role.GetProperty("rules").EnumerateArray());
        Assert.Equal(["pods"], rule.GetProperty("resources").EnumerateArray().Select(r => r.GetString()));
        Assert.Equal(["get", "list", "watch", "patch"], rule.GetProperty("verbs").EnumerateArray().Select(v => v.GetString()));
        Assert.Equal(Full, pod.GetProperty("serviceAccountName").GetString());
        Assert.True(pod.GetProperty("automountServiceAccountToken").GetBoolean());
        var subject = Assert.Single(binding.GetProperty("subjects").EnumerateArray());
        Assert.Equal(account.GetProperty("metadata").GetProperty("name").GetString(), subject.GetProperty("name").GetString());
        Assert.Equal(Infrastructure.Chart.Namespace, subject.GetProperty("namespace").GetString());
        Assert.Equal(role.GetProperty("metadata").GetProperty("name").GetString(), binding.GetProperty("roleRef").GetProperty("name").GetString());

        var deleting = await Infrastructure.Chart.RenderAsync("--set", "kubernetesHosting.deleteDefunctSiloPods=true");
        Assert.Contains("delete", deleting.Single("Role", $"{Full}-silo").GetProperty("rules")[0].GetProperty("verbs").EnumerateArray().Select(v => v.GetString()));
        var off = await Infrastructure.Chart.RenderAsync("--set", "kubernetesHosting.enabled=false");
        Assert.Empty(off.OfKind("Role"));
        Assert.Equal("false", Workload.Value(Workload.Env(Workload.Container(off.Silos, "silo"))["NodeManager__Kubernetes__Enabled"]));
    }

    [Theory]
    [InlineData("default", 3)]
    [InlineData("external", 4)]
    [InlineData("agents", 3)]
    public async Task DisruptionBudget_Profile_AllowsOneSiloDown(string profile, int replicas)
    {
        var rendered = await Infrastructure.Chart.RenderAsync(Infrastructure.Chart.ProfileArgs(profile));
        var budget = rendered.Single("PodDisruptionBudget", Full);
        var selector = budget.GetProperty("spec").GetProperty("selector").GetProperty("matchLabels").EnumerateObject().ToDictionary(p => p.Name, p => p.Value.GetString());

        Assert.Equal(replicas, rendered.Silos.GetProperty("spec").GetProperty("replicas").GetInt32());
        Assert.Equal(1, budget.GetProperty("spec").GetProperty("maxUnavailable").GetInt32());
        Assert.False(budget.GetProperty("spec").TryGetProperty("minAvailable", out _));
        var podLabels = Workload.Labels(Workload.PodTemplate(rendered.Silos));
        Assert.All(selector, s => Assert.Equal(s.Value, podLabels[s.Key]));
        Assert.Equal(selector, rendered.Silos.GetProperty("spec").GetProperty("selector").GetProperty("matchLabels").EnumerateObject().ToDictionary(p => p.Name, p => p.Value.GetString()));
    }

    [Theory]
    [InlineData(100_000, 3, 50_000)]
    [InlineData(200_000, 4, 66_667)]
    [InlineData(10_000, 1, 10_000)]
    public async Task SiloMemory_ExpectedNodes_CoversTheMeasuredBytesPerNodeWithOneSiloDown(int nodes, int replicas, int nodesPerSilo)
    {
        var rendered = await Infrastructure.Chart.RenderAsync("--set", $"silo.expectedNodes={nodes}", "--set", $"silo.replicas={replicas}");
        var resources = Workload.Container(rendered.Silos, "silo").GetProperty("resources");

        var request = MiB(resources.GetProperty("requests").GetProperty("memory").GetString()!);
        var limit = MiB(resources.GetProperty("limits").GetProperty("memory").GetString()!);

        // docs/performance.md: 15,664 B per node at 100,000 agents with the dashboard on (14,674 off), 1.36 GiB RSS.
        Assert.True(request * 1024L * 1024 >= nodesPerSilo * 15_664L + 256L * 1024 * 1024, $"request {request} MiB for {nodesPerSilo} nodes");
        Assert.True(request <= 300 + (nodesPerSilo * 16_000L / (1024 * 1024)) + 1, $"request {request} MiB is more than the formula gives");
        Assert.Equal(request * 150 / 100, limit);
        Assert.Equal("1", resources.GetProperty("requests").GetProperty("cpu").GetString());

        var given = await Infrastructure.Chart.RenderAsync("--set", "silo.resources.requests.memory=3Gi");
        Assert.Equal("3Gi", Workload.Container(given.Silos, "silo").GetProperty("resources").GetProperty("requests").GetProperty("memory").GetString());
    }

    [Theory]
    [InlineData("default", false)]
    [InlineData("external", true)]
    public async Task Placement_Profile_SpreadsSilosOverMachinesAndZones(string profile, bool required)
    {
        var rendered = await Infrastructure.Chart.RenderAsync(Infrastructure.Chart.ProfileArgs(profile));
        var spec = Workload.PodTemplate(rendered.Silos).GetProperty("spec");
        var antiAffinity = spec.GetProperty("affinity").GetProperty("podAntiAffinity");

        var term = required
            ? antiAffinity.GetProperty("requiredDuringSchedulingIgnoredDuringExecution")[0]
            : antiAffinity.GetProperty("preferredDuringSchedulingIgnoredDuringExecution")[0].GetProperty("podAffinityTerm");
        Assert.Equal("kubernetes.io/hostname", term.GetProperty("topologyKey").GetString());
        var zones = Assert.Single(spec.GetProperty("topologySpreadConstraints").EnumerateArray());
        Assert.Equal("topology.kubernetes.io/zone", zones.GetProperty("topologyKey").GetString());
        Assert.Equal(1, zones.GetProperty("maxSkew").GetInt32());
        var podLabels = Workload.Labels(Workload.PodTemplate(rendered.Silos));
        Assert.All(term.GetProperty("labelSelector").GetProperty("matchLabels").EnumerateObject(), l => Assert.Equal(l.Value.GetString(), podLabels[l.Name]));
    }

    [Fact]
    public async Task Silos_AsDeployed_RunNonRootOnAReadOnlyRootWithWritableTmpAndData()
    {
        var rendered = await Infrastructure.Chart.RenderAsync();
        var pod = Workload.PodTemplate(rendered.Silos).GetProperty("spec");
        var silo = Workload.Container(rendered.Silos, "silo");
        var env = Workload.Env(silo);

        Assert.True(pod.GetProperty("securityContext").GetProperty("runAsNonRoot").GetBoolean());
        Assert.NotEqual(0, pod.GetProperty("securityContext").GetProperty("runAsUser").GetInt32());
        Assert.True(silo.GetProperty("securityContext").GetProperty("readOnlyRootFilesystem").GetBoolean());
        Assert.False(silo.GetProperty("securityContext").GetProperty("allowPrivilegeEscalation").GetBoolean());
        var mounts = silo.GetProperty("volumeMounts").EnumerateArray().Select(m => m.GetProperty("mountPath").GetString()).ToList();
        Assert.Contains("/tmp", mounts);
        Assert.Equal("/tmp", Workload.Value(env["TMPDIR"]));
        Assert.StartsWith("/data/", Workload.Value(env["NodeManager__Storage__Sqlite__Path"]), StringComparison.Ordinal);
        Assert.Contains("/data", mounts);

        // A stop may take StopDeadline; Kubernetes must not kill the silo before.
        var deadline = TimeSpan.Parse(Workload.Value(env["NodeManager__StopDeadline"])!, System.Globalization.CultureInfo.InvariantCulture);
        Assert.True(pod.GetProperty("terminationGracePeriodSeconds").GetInt32() > deadline.TotalSeconds);
    }

    [Fact]
    public async Task Services_ServeGrpcAndHttpFromTheSilosNamedPorts()
    {
        var rendered = await Infrastructure.Chart.RenderAsync();
        var silo = Workload.Container(rendered.Silos, "silo");
        var podLabels = Workload.Labels(Workload.PodTemplate(rendered.Silos));

        foreach (var (service, port) in new[] { ($"{Full}-http", "http"), ($"{Full}-grpc", "grpc") })
        {
            var spec = rendered.Single("Service", service).GetProperty("spec");
            Assert.All(spec.GetProperty("selector").EnumerateObject(), l => Assert.Equal(l.Value.GetString(), podLabels[l.Name]));
            var servicePort = Assert.Single(spec.GetProperty("ports").EnumerateArray());
            Assert.Equal(port, servicePort.GetProperty("targetPort").GetString());
            Workload.Port(silo, port); // the named port exists on the container
        }

        var headless = rendered.Single("Service", $"{Full}-silo").GetProperty("spec");
        Assert.Equal("None", headless.GetProperty("clusterIP").GetString());
        Assert.True(headless.GetProperty("publishNotReadyAddresses").GetBoolean());
        Assert.Equal($"{Full}-silo", rendered.Silos.GetProperty("spec").GetProperty("serviceName").GetString());
    }

    private static void AssertFromSecret(Rendered rendered, JsonElement env, string profile)
    {
        var reference = env.GetProperty("valueFrom").GetProperty("secretKeyRef");
        var name = reference.GetProperty("name").GetString();
        var key = reference.GetProperty("key").GetString()!;
        if (profile == "external")
        {
            Assert.True(name is "nm-redis" or "nm-postgres", $"{env} should name the operator's Secret");
            return;
        }

        var secret = rendered.Single("Secret", name!);
        Assert.True(secret.GetProperty("data").TryGetProperty(key, out var value), $"Secret {name} has no key {key}");
        Assert.False(string.IsNullOrEmpty(value.GetString()));
    }

    private static long MiB(string quantity)
    {
        Assert.EndsWith("Mi", quantity, StringComparison.Ordinal);
        return long.Parse(quantity[..^2], System.Globalization.CultureInfo.InvariantCulture);
    }
}
