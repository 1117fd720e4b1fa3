using System.Net;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using NodeManager.Server.Hosting;
using Orleans.Configuration;

namespace NodeManager.Deployment.Tests.Hosting;

/// <summary>These tests set the process's environment (a pod's variables): they run alone.</summary>
[CollectionDefinition(nameof(ProcessEnvironment), DisableParallelization = true)]
public sealed class ProcessEnvironment;

/// <summary>
/// <c>NodeManager:Kubernetes:Enabled</c> wires Orleans' Kubernetes hosting into the silo: the host built as Program
/// builds it (not started: that needs a cluster's API server) takes the silo's name and identity from the pod's
/// variables as the chart sets them and listens on every address; off, it does not.
/// </summary>
[Collection(nameof(ProcessEnvironment))]
public sealed class KubernetesHostingTests
{
    private static readonly Dictionary<string, string> Pod = new()
    {
        ["POD_NAME"] = "nm-node-manager-2",
        ["POD_NAMESPACE"] = "nm",
        ["POD_IP"] = "10.244.1.17",
        ["ORLEANS_CLUSTER_ID"] = "nm-node-manager",
        ["ORLEANS_SERVICE_ID"] = "nm-node-manager",
        ["KUBERNETES_SERVICE_HOST"] = "10.96.0.1",
    };

    [Fact]
    public async Task Silo_InAPodWithKubernetesHosting_IsNamedAfterThePodAndListensOnEveryAddress()
    {
        var (silo, endpoints, cluster) = await OptionsInPodAsync(enabled: true);

        Assert.Equal("nm-node-manager-2", silo.SiloName);
        // Advertised: the pod's IP, which the chart passes as Orleans:Endpoints:AdvertisedIPAddress (Orleans' hosting
        // uses POD_IP only where no address is set, and Orleans sets the machine's own first).
        Assert.Equal(IPAddress.Parse("10.244.1.17"), endpoints.AdvertisedIPAddress);
        Assert.Equal(new IPEndPoint(IPAddress.Any, 11111), endpoints.SiloListeningEndpoint);
        Assert.Equal("nm-node-manager", cluster.ClusterId);
        Assert.Equal("nm-node-manager", cluster.ServiceId);
    }

    [Fact]
    public async Task Silo_InAPodWithoutKubernetesHosting_IgnoresThePodsVariables()
    {
        var (silo, endpoints, _) = await OptionsInPodAsync(enabled: false);

        Assert.NotEqual("nm-node-manager-2", silo.SiloName);
        Assert.Null(endpoints.SiloListeningEndpoint);
    }

    /// <summary>
    /// The silo's options of the host as the chart configures it (its keys as configuration, the pod's variables in
    /// the environment while the options are read), built as Program builds it and never started.
    /// </summary>
    private static async Task<(SiloOptions Silo, EndpointOptions Endpoints, ClusterOptions Cluster)> OptionsInPodAsync(bool enabled)
    {
        var saved = Pod.Keys.ToDictionary(k => k, Environment.GetEnvironmentVariable);
        foreach (var (name, value) in Pod)
        {
            Environment.SetEnvironmentVariable(name, value);
        }

        try
        {
            await using var app = NodeManagerApp.Create([
                $"--NodeManager:Kubernetes:Enabled={enabled}",
                "--NodeManager:Storage:Provider=Postgres",
                "--ConnectionStrings:NodeManager=Host=127.0.0.1;Username=nm;Database=nm",
                "--Orleans:Clustering:ProviderType=Redis",
                "--Orleans:Clustering:ConnectionString=127.0.0.1:1",
                "--Orleans:ClusterId=nm-node-manager",
                "--Orleans:ServiceId=nm-node-manager",
                "--Orleans:Endpoints:SiloPort=11111",
                "--Orleans:Endpoints:AdvertisedIPAddress=10.244.1.17",
            ]);
            return (app.Services.GetRequiredService<IOptions<SiloOptions>>().Value,
                app.Services.GetRequiredService<IOptions<EndpointOptions>>().Value,
                app.Services.GetRequiredService<IOptions<ClusterOptions>>().Value);
        }
        finally
        {
            foreach (var (name, value) in saved)
            {
                Environment.SetEnvironmentVariable(name, value);
            }
        }
    }
}
