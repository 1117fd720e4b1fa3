using NodeManager.Server.Cluster;
using NodeManager.Server.Fleet;

namespace NodeManager.Server.Ui;

/// <summary>The fleet dashboard at <c>/ui</c> and the fleet summary it reads (<c>GET /v1/fleet/summary</c>).</summary>
public static class UiHosting
{
    public static WebApplicationBuilder AddNodeManagerUi(this WebApplicationBuilder builder)
    {
        var dashboard = builder.Configuration.GetSection(DashboardSettings.Section).Get<DashboardSettings>() ?? new DashboardSettings();
        builder.Services.AddSingleton(new DashboardLink(dashboard.Enabled, dashboard.Path));
        builder.Services.AddSingleton<FleetSilos>();
        builder.Services.AddSingleton<FleetSummaryService>();
        builder.Services.AddSingleton<UiAssets>();
        return builder;
    }

    public static WebApplication MapNodeManagerUi(this WebApplication app)
    {
        app.MapFleetApi();
        app.MapUiApi();
        return app;
    }
}
