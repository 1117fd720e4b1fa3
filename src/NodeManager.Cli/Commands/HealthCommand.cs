using System.CommandLine;
using NodeManager.Cli.Hosting;
using NodeManager.Cli.Output;
using NodeManager.Contracts.V1;

namespace NodeManager.Cli.Commands;

/// <summary><c>nmctl health get|list|watch</c>: node health as the server judges it (HealthService).</summary>
public static class HealthCommand
{
    public static Command Create(CommandRunner runner)
    {
        var command = new Command("health", "Node health: status, what decided it, conditions; the cluster's conditions (disruption guard)");
        command.Subcommands.Add(Get(runner));
        command.Subcommands.Add(List(runner));
        command.Subcommands.Add(Watch(runner));
        return command;
    }

    private static Command Get(CommandRunner runner)
    {
        var node = new Argument<string>("node") { Description = NodeRefs.ArgumentDescription };
        var command = new Command("get", Help.Text("Show a node's health: status, reason, what decided it, last heartbeat, conditions.",
            "nmctl health get r1-n07", "nmctl health get r1-n07 -o yaml")) { node };
        runner.Set(command, async (parse, ctx, ct) =>
        {
            var id = await NodeRefs.ResolveAsync(ctx, parse.GetValue(node)!, ct);
            var health = await ctx.Server.Health.GetNodeHealthAsync(new GetNodeHealthRequest { NodeId = id }, ctx.Server.Unary(ct));
            ctx.Printer.Print(health, w =>
            {
                Views.Health(w, [health]);
                var conditions = new TableWriter("CONDITION", "STATUS", "SEVERITY", "SOURCE", "SINCE", "REASON", "MESSAGE");
                foreach (var c in health.Conditions)
                {
                    conditions.Row(c.Type, c.Status ? "True" : "False", c.Severity == ConditionSeverity.Unspecified ? "" : EnumNames.Short(c.Severity),
                        c.Source, Views.Time(c.LastTransitionTime), c.Reason, c.Message);
                }

                if (conditions.Count > 0)
                {
                    w.WriteLine();
                    conditions.WriteTo(w);
                }
            });
            return ExitCodes.Ok;
        });
        return command;
    }

    private static Command List(CommandRunner runner)
    {
        var status = Flags.Enum<HealthStatus>("--status", "Only nodes with this status");
        var limit = new Option<int>("--limit") { Description = "At most this many nodes (0 = all)" };
        var pageSize = Paging.PageSizeOption();
        var command = new Command("list", Help.Text("List the health of every node (or those with --status), then the cluster's conditions.",
            "nmctl health list --status not-ready", "nmctl health list -o json | jq '.clusterConditions'")) { status, limit, pageSize };
        command.Aliases.Add("ls");
        runner.Set(command, async (parse, ctx, ct) =>
        {
            var request = new ListNodeHealthRequest { Status = parse.GetValue(status) is { } s ? Flags.ParseEnum<HealthStatus>(s, "--status") : HealthStatus.Unspecified };
            var all = await Paging.ListHealthAsync(ctx, request, parse.GetValue(pageSize), parse.GetValue(limit), ct);
            ctx.Printer.Print(all, w =>
            {
                Views.Health(w, all.Health);
                Views.ClusterConditions(w, all.ClusterConditions);
            });
            return ExitCodes.Ok;
        });
        return command;
    }

    private static Command Watch(CommandRunner runner)
    {
        var options = new WatchOptions();
        var command = new Command("watch", Help.Text("Follow health transitions (WatchNodeHealth) until Ctrl+C or --count; json: one object per line.",
            "nmctl health watch --from-now", "nmctl health watch -l rack=r1 -o json", "nmctl health watch --after-revision 1200 --count 10"));
        options.AddTo(command);
        runner.Set(command, async (parse, ctx, ct) =>
        {
            var request = new WatchNodeHealthRequest
            {
                AfterRevision = parse.GetValue(options.AfterRevision),
                FromNow = parse.GetValue(options.FromNow),
                LabelSelector = parse.GetValue(options.Selector) ?? "",
            };
            using var call = ctx.Server.Health.WatchNodeHealth(request, Connection.NmctlConnection.Stream(ct));
            return await WatchOptions.FollowAsync(call.ResponseStream, parse.GetValue(options.Count),
                e => ctx.Printer.PrintEvent(e, () => $"{e.Revision}  {Views.Time(e.Time)}  {e.Health?.NodeId}  {EnumNames.Short(e.Health?.Status ?? HealthStatus.Unspecified)}"
                    + $"  {(e.Health is { DecidedBy: not DecidedBy.Unspecified } h ? EnumNames.Short(h.DecidedBy) : "")}  {e.Health?.Reason}"),
                e => e.Revision, ctx, ct);
        });
        return command;
    }
}
