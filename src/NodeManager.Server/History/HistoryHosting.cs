using NodeManager.Core.History;
using NodeManager.Core.Storage;
using NodeManager.Server.Api;

namespace NodeManager.Server.History;

/// <summary>The per-node history feature: the caller's identity, the query service, pruning and the REST route.</summary>
public static class HistoryHosting
{
    public const string Section = "NodeManager:History";

    public static WebApplicationBuilder AddNodeHistory(this WebApplicationBuilder builder, HistoryOptions options)
    {
        builder.Services.AddHttpContextAccessor();
        builder.Services.AddSingleton<CallerIdentity>();
        builder.Services.AddSingleton(options);
        builder.Services.AddSingleton(sp => (INodeHistory)sp.GetRequiredService<INodeStore>());
        builder.Services.AddSingleton<NodeHistoryService>();
        builder.Services.AddHostedService<HistoryPruner>();
        return builder;
    }

    public static WebApplication MapNodeHistory(this WebApplication app)
    {
        app.MapHistoryApi();
        return app;
    }
}
