using System.CommandLine;
using NodeManager.Cli.Output;
using NodeManager.Contracts.V1;

namespace NodeManager.Cli.Commands;

/// <summary><c>nmctl events watch</c>: the change feed (NodeService/WatchNodes).</summary>
public static class EventsCommand
{
    public static Command Create(Hosting.CommandRunner runner)
    {
        var command = new Command("events", "The change feed: every node change, health change, lifecycle transition and reservation");
        var options = new WatchOptions();
        var excludeHealth = new Option<bool>("--exclude-health") { Description = "Leave out HEALTH_CHANGED events" };
        var watch = new Command("watch", Help.Text("Follow the change feed (replay after a revision, then live) until Ctrl+C or --count; json: one object per line.",
            "nmctl events watch --from-now", "nmctl events watch --after-revision 0 --count 100 -o json", "nmctl events watch -l env=prod --exclude-health")) { excludeHealth };
        options.AddTo(watch);
        runner.Set(watch, async (parse, ctx, ct) =>
        {
            var request = new WatchNodesRequest
            {
                AfterRevision = parse.GetValue(options.AfterRevision),
                FromNow = parse.GetValue(options.FromNow),
                LabelSelector = parse.GetValue(options.Selector) ?? "",
                ExcludeHealth = parse.GetValue(excludeHealth),
            };
            using var call = ctx.Server.Nodes.WatchNodes(request, Connection.NmctlConnection.Stream(ct));
            return await WatchOptions.FollowAsync(call.ResponseStream, parse.GetValue(options.Count), e => ctx.Printer.PrintEvent(e, () => Line(e)), e => e.Revision, ctx, ct);
        });
        command.Subcommands.Add(watch);
        return command;
    }

    private static string Line(NodeEvent e)
    {
        var what = e.Type switch
        {
            NodeEventType.HealthChanged => e.Health is { } h ? $"{EnumNames.Short(h.Status)} {h.Reason}".Trim() : "",
            NodeEventType.LifecycleChanged => e.Transition is { } t ? $"{EnumNames.Short(t.FromState)} → {EnumNames.Short(t.ToState)} ({t.Reason})" : "",
            NodeEventType.ReservationCreated or NodeEventType.ReservationReleased => e.Reservation is { } r ? $"{EnumNames.Short(r.Kind)} {r.Name}" : "",
            _ => e.Node is { } n ? $"{n.Name} version {n.Version}" : "",
        };
        return $"{e.Revision}  {Views.Time(e.Time)}  {EnumNames.Short(e.Type)}  {e.NodeId}  {what}".TrimEnd();
    }
}
