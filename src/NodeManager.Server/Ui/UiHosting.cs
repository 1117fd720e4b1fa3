using NodeManager.Server.Cluster;
using NodeManager.Server.Fleet;

namespace NodeManager.Server.Ui;

/// <summary>The fleet dashboard at <c>/ui</c> and the fleet summary it reads (<c>GET /v1/fleet/summary</c>).</summary>
public static partial class UiHosting
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
        if (app.Configuration["Kestrel:Endpoints:Http:Url"] is { Length: > 0 } http)
        {
            var logger = app.Services.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(UiHosting).FullName!);
            app.Lifetime.ApplicationStarted.Register(() => LogDashboard(logger, http.TrimEnd('/') + "/ui"));
        }

        return app;
    }

    [LoggerMessage(EventId = 4102, Level = LogLevel.Information, Message = "The fleet dashboard: {Url}")]
    private static partial void LogDashboard(ILogger logger, string url);
}
