using System.CommandLine;
using NodeManager.Cli.Hosting;
using NodeManager.Cli.Output;
using NodeManager.Contracts.V1;

namespace NodeManager.Cli.Commands;

/// <summary><c>nmctl lifecycle transition|batch|operation</c>: admin state (LifecycleService).</summary>
public static class LifecycleCommand
{
    private const string States = "REGISTERED → COMMISSIONED ⇄ MAINTENANCE → DECOMMISSIONED; COMMISSIONED → UPGRADING → COMMISSIONED or MAINTENANCE";

    public static Command Create(CommandRunner runner)
    {
        var command = new Command("lifecycle", $"Admin state of nodes, apart from health: {States}");
        command.Subcommands.Add(Transition(runner));
        command.Subcommands.Add(Batch(runner));
        command.Subcommands.Add(OperationCommand.Create(runner));
        return command;
    }

    public static Option<string> Reason() => new("--reason") { Description = "Why (recorded with the transition and on the change feed)", Required = true };

    /// <summary>Accepted so that existing scripts keep working, and ignored: the server records the caller's authenticated identity.</summary>
    public static Option<string> Actor() => new("--actor") { Description = "Ignored (deprecated): the server records who you are authenticated as", Hidden = true };

    private static Command Transition(CommandRunner runner)
    {
        var node = new Argument<string>("node") { Description = NodeRefs.ArgumentDescription };
        var to = Flags.Enum<LifecycleState>("--to", "Target state");
        to.Required = true;
        var reason = Reason();
        var actor = Actor();
        var expected = new Option<long>("--expected-version") { Description = "Fail (exit 4) unless the node is at this version (default: any)" };
        var force = new Option<bool>("--force") { Description = "Decommission even if the node holds reservations (they are released)" };
        var command = new Command("transition", Help.Text($"Move one node to another lifecycle state. Legal: {States}; anything else exits 4 naming the allowed targets.",
            "nmctl lifecycle transition r1-n07 --to commissioned --reason 'burn-in passed'",
            "nmctl lifecycle transition r1-n07 --to maintenance --reason 'disk swap' --expected-version 2",
            "nmctl lifecycle transition r1-n07 --to decommissioned --reason retired --force")) { node, to, reason, actor, expected, force };
        runner.Set(command, async (parse, ctx, ct) =>
        {
            var request = new TransitionRequest
            {
                NodeId = await NodeRefs.ResolveAsync(ctx, parse.GetValue(node)!, ct),
                TargetState = Flags.ParseEnum<LifecycleState>(parse.GetValue(to), "--to"),
                Reason = parse.GetValue(reason)!,
                ExpectedVersion = parse.GetValue(expected),
                Force = parse.GetValue(force),
            };
            var response = await ctx.Server.Lifecycle.TransitionAsync(request, ctx.Server.Unary(ct));
            ctx.Printer.Print(response, w => Views.Transition(w, response));
            return ExitCodes.Ok;
        });
        return command;
    }

    private static Command Batch(CommandRunner runner)
    {
        var nodes = new Option<string[]>("--node") { Description = "A node (id or name) to move; repeat for more (or use --selector)", AllowMultipleArgumentsPerToken = true };
        var selector = new Option<string>("--selector", "-l") { Description = "The nodes whose labels match (Kubernetes syntax)" };
        var to = Flags.Enum<LifecycleState>("--to", "Target state");
        to.Required = true;
        var reason = Reason();
        var actor = Actor();
        var maxUnavailable = new Option<int>("--max-unavailable") { Description = "MAINTENANCE/UPGRADING: at most this many selected nodes out of COMMISSIONED at once (0 = no limit)" };
        var dryRun = new Option<bool>("--dry-run") { Description = "Report per node what would happen; start nothing" };
        var noWait = new Option<bool>("--no-wait") { Description = "Print the started operation and return (follow it with 'lifecycle operation wait')" };
        var force = new Option<bool>("--force") { Description = "Decommission even nodes that hold reservations (they are released)" };
        var poll = OperationCommand.PollOption();
        var command = new Command("batch", Help.Text(
            "Start a batch operation over nodes (by --node or --selector) and follow it with a progress bar (nodes/s) until it ends. "
            + "Exit 0 when it SUCCEEDED, 4 when it FAILED or was cancelled. Ctrl+C stops following, not the operation.",
            "nmctl lifecycle batch -l rack=r1 --to upgrading --max-unavailable 2 --reason 'kernel 6.8'",
            "nmctl lifecycle batch --node r1-n07 --node r1-n08 --to commissioned --reason 'burn-in passed'",
            "nmctl lifecycle batch -l zone=a --to maintenance --reason drain --dry-run -o json"))
        {
            nodes, selector, to, reason, actor, maxUnavailable, dryRun, noWait, force, poll,
        };
        command.Validators.Add(result =>
        {
            var byNode = result.GetResult(nodes) is { Tokens.Count: > 0 };
            var bySelector = result.GetResult(selector) is not null;
            if (byNode == bySelector)
            {
                result.AddError("give either --node (one or more) or --selector, not both and not neither");
            }
        });
        runner.Set(command, async (parse, ctx, ct) =>
        {
            var request = new BatchTransitionRequest
            {
                LabelSelector = parse.GetValue(selector) ?? "",
                TargetState = Flags.ParseEnum<LifecycleState>(parse.GetValue(to), "--to"),
                MaxUnavailable = parse.GetValue(maxUnavailable),
                DryRun = parse.GetValue(dryRun),
                Reason = parse.GetValue(reason)!,
                Force = parse.GetValue(force),
            };
            foreach (var reference in parse.GetValue(nodes) ?? [])
            {
                request.NodeIds.Add(await NodeRefs.ResolveAsync(ctx, reference, ct));
            }

            var operation = await ctx.Server.Lifecycle.BatchTransitionAsync(request, ctx.Server.Unary(ct));
            if (!request.DryRun && !parse.GetValue(noWait))
            {
                operation = await OperationCommand.WaitAsync(ctx, operation, parse.GetValue(poll), ct);
            }

            ctx.Printer.Print(operation, w => Views.Operation(w, operation));
            return OperationCommand.ExitCode(operation);
        });
        return command;
    }
}
