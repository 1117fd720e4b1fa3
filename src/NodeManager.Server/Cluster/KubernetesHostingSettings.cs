namespace NodeManager.Server.Cluster;

/// <summary>
/// <c>NodeManager:Kubernetes</c>: Orleans' Kubernetes hosting (Microsoft.Orleans.Hosting.Kubernetes) for silos that run
/// as pods. Off unless enabled, because it talks to the cluster's API server from inside a pod: the silo is named after
/// its pod and listens on every address (the chart sets the advertised address to the pod's IP), takes its cluster identity from the pod's <c>orleans/serviceId</c> and
/// <c>orleans/clusterId</c> labels (passed in as <c>ORLEANS_SERVICE_ID</c> and <c>ORLEANS_CLUSTER_ID</c>), and declares
/// dead the silos whose pods are gone. Membership stays in Redis; this only adds what the pods know. The Helm chart
/// (<c>helm/node-manager</c>) turns it on and gives the pods the role it needs (pods: get, list, watch, patch; delete
/// when <see cref="DeleteDefunctSiloPods"/>).
/// </summary>
public sealed class KubernetesHostingSettings
{
    public const string Section = "NodeManager:Kubernetes";

    /// <summary>What the pod must be given, from the downward API (the chart sets them all).</summary>
    public static readonly string[] PodVariables = ["POD_NAME", "POD_NAMESPACE", "POD_IP"];

    /// <summary>What every pod has when it runs in a Kubernetes cluster (the in-cluster API client needs it).</summary>
    public const string ApiServerVariable = "KUBERNETES_SERVICE_HOST";

    /// <summary>Use Orleans' Kubernetes hosting (default false).</summary>
    public bool Enabled { get; set; }

    /// <summary>How many silos of the cluster watch the API server for deleted pods (default 2, Orleans' own default).</summary>
    public int MaxAgents { get; set; } = 2;

    /// <summary>Delete the pod of a silo the cluster declared dead (default false, Orleans' own default).</summary>
    public bool DeleteDefunctSiloPods { get; set; }

    /// <summary>Every problem with these settings and the pod's environment, each naming what to set.</summary>
    public IEnumerable<string> Validate(SiloOptions silo, Func<string, string?> environment)
    {
        if (MaxAgents < 1)
        {
            yield return $"{Section}:MaxAgents must be at least 1, not {MaxAgents}.";
        }

        if (!Enabled)
        {
            yield break;
        }

        if (silo.IsSingleSilo)
        {
            yield return $"{Section}:Enabled is true but Orleans:Clustering:ProviderType is not set: Kubernetes hosting is for the silos " +
                "of a cluster (Orleans:Clustering:ProviderType=Redis with Orleans:Clustering:ConnectionString); set them, or turn it off.";
        }

        var missing = PodVariables.Where(name => string.IsNullOrWhiteSpace(environment(name))).ToList();
        if (missing.Count > 0)
        {
            yield return $"{Section}:Enabled is true but the environment variable{(missing.Count > 1 ? "s" : "")} {string.Join(", ", missing)} " +
                "(the pod's name, namespace and IP from the downward API: fieldRef metadata.name, metadata.namespace, status.podIP) " +
                $"{(missing.Count > 1 ? "are" : "is")} not set; the Helm chart sets them.";
        }

        if (string.IsNullOrWhiteSpace(environment(ApiServerVariable)))
        {
            yield return $"{Section}:Enabled is true but {ApiServerVariable} is not set: this process does not run in a Kubernetes pod, " +
                "and Orleans' Kubernetes hosting needs the cluster's API server; turn it off outside Kubernetes.";
        }

        foreach (var (variable, key, value) in new[]
        {
            ("ORLEANS_CLUSTER_ID", "Orleans:ClusterId", silo.ClusterId),
            ("ORLEANS_SERVICE_ID", "Orleans:ServiceId", silo.ServiceId),
        })
        {
            // Orleans takes the identity from these variables; NodeManager (the membership key it watches) from the key.
            if (environment(variable) is { Length: > 0 } fromPod && !string.Equals(fromPod, value, StringComparison.Ordinal))
            {
                yield return $"{variable} is '{fromPod}' but {key} is '{value}': give both the same value (the chart sets both from the " +
                    $"pod's label orleans/{(variable == "ORLEANS_CLUSTER_ID" ? "clusterId" : "serviceId")}).";
            }
        }
    }
}
