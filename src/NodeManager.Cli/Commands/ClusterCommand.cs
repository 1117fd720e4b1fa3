using System.CommandLine;
using System.Text.Json.Nodes;
using Grpc.Health.V1;
using NodeManager.Cli.Hosting;
using NodeManager.Cli.Output;
using NodeManager.Contracts.V1;

namespace NodeManager.Cli.Commands;

/// <summary>
/// <c>nmctl cluster status</c>: is the server serving (grpc.health.v1, SERVING while its store answers), the cluster's
/// conditions (the disruption guard), and node counts by health status and lifecycle state, counted from one pass
/// over ListNodes (the server has no counts API yet).
/// </summary>
public static class ClusterCommand
{
    public static Command Create(CommandRunner runner)
    {
        var command = new Command("cluster", "The cluster as a whole");
        var pageSize = Paging.PageSizeOption();
        var status = new Command("status", Help.Text(
            "Whether the server serves (its store answers), the cluster conditions, and node counts by health and lifecycle. "
            + "Exit 3 when the server is unreachable or not serving.",
            "nmctl cluster status", "nmctl cluster status -o json | jq .health")) { pageSize };
        runner.Set(status, async (parse, ctx, ct) =>
        {
            var check = await ctx.Server.GrpcHealth.CheckAsync(new HealthCheckRequest(), ctx.Server.Unary(ct));
            var serving = check.Status == HealthCheckResponse.Types.ServingStatus.Serving;
            var conditions = serving
                ? (await ctx.Server.Health.ListNodeHealthAsync(new ListNodeHealthRequest { PageSize = 1 }, ctx.Server.Unary(ct))).ClusterConditions.ToList()
                : [];
            var nodes = serving ? await Paging.ListNodesAsync(ctx, new ListNodesRequest(), parse.GetValue(pageSize), 0, ct) : new ListNodesResponse();
            var health = Count(nodes.Nodes.Select(n => EnumNames.Short(n.Health?.Status ?? HealthStatus.Unknown)));
            var lifecycle = Count(nodes.Nodes.Select(n => EnumNames.Short(n.LifecycleState)));
            var document = new JsonObject
            {
                ["server"] = ctx.Settings.Server.ToString(),
                ["serving"] = EnumNames.Short(check.Status),
                ["nodes"] = nodes.Nodes.Count,
                ["health"] = ToJson(health),
                ["lifecycle"] = ToJson(lifecycle),
                ["clusterConditions"] = new JsonArray(conditions.Select(c => (JsonNode)new JsonObject
                {
                    ["type"] = c.Type,
                    ["status"] = c.Status,
                    ["message"] = c.Message,
                    ["lastTransitionTime"] = Views.Time(c.LastTransitionTime),
                }).ToArray()),
                ["revision"] = nodes.Revision.ToString(System.Globalization.CultureInfo.InvariantCulture),
            };
            ctx.Printer.Print(document, w =>
            {
                var table = new TableWriter("", "");
                table.Row("server", ctx.Settings.Server.ToString());
                table.Row("serving", EnumNames.Short(check.Status));
                table.Row("nodes", nodes.Nodes.Count.ToString(System.Globalization.CultureInfo.InvariantCulture));
                table.Row("health", Format(health));
                table.Row("lifecycle", Format(lifecycle));
                table.Row("revision", nodes.Revision.ToString(System.Globalization.CultureInfo.InvariantCulture));
                table.WriteTo(w);
                Views.ClusterConditions(w, conditions);
            });
            return serving ? ExitCodes.Ok : ExitCodes.Unavailable;
        });
        command.Subcommands.Add(status);
        return command;
    }

    private static SortedDictionary<string, int> Count(IEnumerable<string> keys)
    {
        var counts = new SortedDictionary<string, int>(StringComparer.Ordinal);
        foreach (var key in keys)
        {
            counts[key] = counts.GetValueOrDefault(key) + 1;
        }

        return counts;
    }

    private static JsonObject ToJson(SortedDictionary<string, int> counts) => new(counts.Select(c => KeyValuePair.Create(c.Key, (JsonNode?)c.Value)));

    private static string Format(SortedDictionary<string, int> counts) => counts.Count == 0 ? "" : string.Join(", ", counts.Select(c => $"{c.Key} {c.Value}"));
}
