using System.CommandLine;
using NodeManager.Cli.Config;
using NodeManager.Cli.Hosting;
using NodeManager.Cli.Output;
using NodeManager.Contracts.V1;

namespace NodeManager.Cli.Commands;

/// <summary><c>nmctl lifecycle operation get|wait|cancel</c>: batch operations.</summary>
public static class OperationCommand
{
    public static Command Create(CommandRunner runner)
    {
        var command = new Command("operation", "Batch operations started by 'lifecycle batch': state, progress, per-node results");
        command.Aliases.Add("op");
        command.Subcommands.Add(Get(runner));
        command.Subcommands.Add(Wait(runner));
        command.Subcommands.Add(Cancel(runner));
        return command;
    }

    public static Option<string> PollOption()
    {
        var option = new Option<string>("--poll-interval") { Description = "How often to read the operation's progress", DefaultValueFactory = _ => "1s", HelpName = "duration" };
        option.Validators.Add(r =>
        {
            if (r.Tokens.LastOrDefault()?.Value is { } text && !Durations.TryParse(text, out _))
            {
                r.AddError($"--poll-interval: '{text}' is not a duration (e.g. 500ms, 2s)");
            }
        });
        return option;
    }

    /// <summary>Reads the operation until it is no longer RUNNING, showing progress (nodes done of total, nodes/s).</summary>
    public static async Task<Operation> WaitAsync(NmctlContext ctx, Operation operation, string? pollInterval, CancellationToken ct)
    {
        var interval = Durations.TryParse(pollInterval, out var parsed) ? parsed : TimeSpan.FromSeconds(1);
        var total = operation.Progress?.Total ?? operation.Nodes.Count;
        return await new RowProgress(ctx.Io, "nodes").RunAsync($"operation {operation.Id}", total, async sink =>
        {
            var current = operation;
            while (true)
            {
                var p = current.Progress ?? new OperationProgress();
                sink.Report(p.Applied + p.Skipped + p.Failed);
                if (current.State != OperationState.Running)
                {
                    return current;
                }

                await Task.Delay(interval, ct);
                current = await ctx.Server.Lifecycle.GetOperationAsync(new GetOperationRequest { Id = operation.Id }, ctx.Server.Unary(ct));
            }
        });
    }

    public static int ExitCode(Operation operation) => operation.State switch
    {
        OperationState.Failed or OperationState.Cancelled => ExitCodes.Conflict,
        _ => ExitCodes.Ok,
    };

    private static Command Get(CommandRunner runner)
    {
        var id = new Argument<string>("id") { Description = "The operation's id" };
        var command = new Command("get", Help.Text("Show an operation: state, progress, per-node results.", "nmctl lifecycle operation get $OP -o yaml")) { id };
        runner.Set(command, async (parse, ctx, ct) =>
        {
            var operation = await ctx.Server.Lifecycle.GetOperationAsync(new GetOperationRequest { Id = parse.GetValue(id)! }, ctx.Server.Unary(ct));
            ctx.Printer.Print(operation, w => Views.Operation(w, operation));
            return ExitCodes.Ok;
        });
        return command;
    }

    private static Command Wait(CommandRunner runner)
    {
        var id = new Argument<string>("id") { Description = "The operation's id" };
        var poll = PollOption();
        var command = new Command("wait", Help.Text("Follow an operation with a progress bar until it ends; exit 0 when it SUCCEEDED, 4 otherwise.",
            "nmctl lifecycle operation wait $OP")) { id, poll };
        runner.Set(command, async (parse, ctx, ct) =>
        {
            var operation = await ctx.Server.Lifecycle.GetOperationAsync(new GetOperationRequest { Id = parse.GetValue(id)! }, ctx.Server.Unary(ct));
            operation = await WaitAsync(ctx, operation, parse.GetValue(poll), ct);
            ctx.Printer.Print(operation, w => Views.Operation(w, operation));
            return ExitCode(operation);
        });
        return command;
    }

    private static Command Cancel(CommandRunner runner)
    {
        var id = new Argument<string>("id") { Description = "The operation's id" };
        var command = new Command("cancel", Help.Text("Stop an operation: no further node moves; nodes already moved stay.", "nmctl lifecycle operation cancel $OP")) { id };
        runner.Set(command, async (parse, ctx, ct) =>
        {
            var operation = await ctx.Server.Lifecycle.CancelOperationAsync(new CancelOperationRequest { Id = parse.GetValue(id)! }, ctx.Server.Unary(ct));
            ctx.Printer.Print(operation, w => Views.Operation(w, operation));
            return ExitCodes.Ok;
        });
        return command;
    }
}
