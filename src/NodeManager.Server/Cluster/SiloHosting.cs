using NodeManager.Server.Hosting;
using Orleans.Configuration;
using Orleans.Hosting;
using Orleans.Dashboard;
using NodeManager.Server.Security;

namespace NodeManager.Server.Cluster;

/// <summary>
/// The Orleans silo inside the server process (DESIGN §2): the gateway's grain calls are calls into
/// this silo. <c>builder.AddNodeManagerSilo()</c> and <c>app.MapNodeManagerSilo()</c>.
/// </summary>
public static class SiloHosting
{
    public static WebApplicationBuilder AddNodeManagerSilo(this WebApplicationBuilder builder, SiloOptions silo, DashboardSettings dashboard, KubernetesHostingSettings kubernetes)
    {
        builder.Services.AddSingleton(silo);
        builder.Services.AddSingleton(dashboard);
        builder.Services.AddSingleton<NodeGrains>();
        builder.Services.AddSingleton<SiloMembership>();
        builder.Services.AddSingleton<MembershipStoreMonitor>();
        builder.Services.AddHostedService(sp => sp.GetRequiredService<MembershipStoreMonitor>());
        builder.UseOrleans(orleans =>
        {
            orleans.UseNodeManagerSiloTls(builder.Configuration); // NodeManager:Security:Silo (docs/security.md)
            if (silo.IsSingleSilo)
            {
                // Membership in this process's memory: nothing to set up, and nothing another silo could join.
                orleans.UseLocalhostClustering(silo.SiloPort, silo.GatewayPort, null, silo.ServiceId, silo.ClusterId);
            }

            // With Orleans:Clustering:ProviderType set, Orleans configures the provider from the section itself.
            orleans.Configure<ClusterOptions>(o =>
            {
                o.ClusterId = silo.ClusterId;
                o.ServiceId = silo.ServiceId;
            });

            // No Orleans client gateway unless asked for (our clients speak gRPC and REST). Orleans' own default
            // opens 30000 on every silo, and its listeners reuse ports: a second process on the machine would
            // share it rather than fail.
            orleans.Configure<EndpointOptions>(o => o.GatewayPort = silo.GatewayPort);

            if (kubernetes.Enabled)
            {
                // After the ClusterOptions above: in a pod, Orleans takes the identity from ORLEANS_CLUSTER_ID and
                // ORLEANS_SERVICE_ID (the pod's labels; validated at start to equal Orleans:ClusterId and ServiceId),
                // the silo's name from POD_NAME; it listens on every address (the advertised one is Orleans:Endpoints:
                // AdvertisedIPAddress, the pod's IP in the chart: Orleans takes POD_IP only where none is set).
                orleans.UseKubernetesHosting(o => o.Configure(k =>
                {
                    k.MaxAgents = kubernetes.MaxAgents;
                    k.DeleteDefunctSiloPods = kubernetes.DeleteDefunctSiloPods;
                }));
            }

            if (dashboard.Enabled)
            {
                orleans.AddDashboard(o =>
                {
                    o.HideTrace = true;
                    o.CounterUpdateIntervalMs = dashboard.CounterUpdateIntervalMs;
                    o.HistoryLength = dashboard.HistoryLength;
                });
            }
        });
        return builder;
    }

    public static WebApplication MapNodeManagerSilo(this WebApplication app)
    {
        var dashboard = app.Services.GetRequiredService<DashboardSettings>();
        if (dashboard.Enabled)
        {
            app.MapOrleansDashboard(dashboard.Path).RequireAuthorization(NodeManager.Server.Security.Policies.Admin);
        }

        return app;
    }
}
