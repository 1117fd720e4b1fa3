using System.CommandLine;
using NodeManager.Cli.Hosting;
using NodeManager.Cli.Output;
using NodeManager.Contracts.V1;

namespace NodeManager.Cli.Commands;

/// <summary><c>nmctl nodes get|list|create|update|delete|import|history</c>: the inventory (NodeService).</summary>
public static class NodesCommand
{
    public static Command Create(CommandRunner runner)
    {
        var command = new Command("nodes", "The node inventory: read, list, create, update, delete and bulk-import nodes");
        command.Aliases.Add("node");
        command.Subcommands.Add(Get(runner));
        command.Subcommands.Add(List(runner));
        command.Subcommands.Add(CreateNode(runner));
        command.Subcommands.Add(Update(runner));
        command.Subcommands.Add(Delete(runner));
        command.Subcommands.Add(ImportCommand.Create(runner));
        command.Subcommands.Add(HistoryCommand.Create(runner));
        return command;
    }

    private static Command Get(CommandRunner runner)
    {
        var node = new Argument<string>("node") { Description = NodeRefs.ArgumentDescription };
        var command = new Command("get", Help.Text("Show one node (with its health and reserved resources).",
            "nmctl nodes get r1-n07", "nmctl nodes get 3fa85f64-5717-4562-b3fc-2c963f66afa6 -o yaml")) { node };
        runner.Set(command, async (parse, ctx, ct) =>
        {
            var id = await NodeRefs.ResolveAsync(ctx, parse.GetValue(node)!, ct);
            var found = await ctx.Server.Nodes.GetNodeAsync(new GetNodeRequest { Id = id }, ctx.Server.Unary(ct));
            ctx.Printer.Print(found, w => Views.Nodes(w, [found]));
            return ExitCodes.Ok;
        });
        return command;
    }

    private static Command List(CommandRunner runner)
    {
        var selector = new Option<string>("--selector", "-l") { Description = "Label selector (Kubernetes syntax), e.g. 'env=prod,rack in (r1,r2)'" };
        var state = Flags.Enum<LifecycleState>("--state", "Only nodes in this lifecycle state");
        var name = new Option<string>("--name") { Description = "Only the node with this name" };
        var ip = new Option<string>("--ip") { Description = "Only the node with this IP address" };
        var mac = new Option<string>("--mac") { Description = "Only the node with this MAC address" };
        var limit = new Option<int>("--limit") { Description = "At most this many nodes (0 = all)" };
        var pageSize = Paging.PageSizeOption();
        var command = new Command("list", Help.Text("List nodes in id order, every page (or up to --limit).",
            "nmctl nodes list", "nmctl nodes list -l 'env=prod,gpu in (a100,h100)' --state commissioned", "nmctl nodes list --limit 10 -o json"))
        {
            selector, state, name, ip, mac, limit, pageSize,
        };
        command.Aliases.Add("ls");
        runner.Set(command, async (parse, ctx, ct) =>
        {
            var request = new ListNodesRequest
            {
                LabelSelector = parse.GetValue(selector) ?? "",
                LifecycleState = parse.GetValue(state) is { } s ? Flags.ParseEnum<LifecycleState>(s, "--state") : LifecycleState.Unspecified,
                Name = parse.GetValue(name) ?? "",
                Ip = parse.GetValue(ip) ?? "",
                Mac = parse.GetValue(mac) ?? "",
            };
            var all = await Paging.ListNodesAsync(ctx, request, parse.GetValue(pageSize), parse.GetValue(limit), ct);
            ctx.Printer.Print(all, w => Views.Nodes(w, all.Nodes));
            return ExitCodes.Ok;
        });
        return command;
    }

    private static Command CreateNode(CommandRunner runner)
    {
        var spec = new NodeSpecOptions();
        var id = new Option<string>("--id") { Description = "The node's id (UUID); generated when absent" };
        var command = new Command("create", Help.Text("Register a node (lifecycle REGISTERED). --name and --ip are required unless the file gives them.",
            "nmctl nodes create --name r1-n07 --ip 10.0.1.7 --mac 0a:1b:2c:3d:4e:07 --zone a --rack r1 --label env=prod --cpu 64 --memory 256Gi --device gpu:A100:4",
            "nmctl nodes create -f node.json --label env=staging")) { id };
        spec.AddTo(command);
        runner.Set(command, async (parse, ctx, ct) =>
        {
            var node = spec.ReadFile(parse, ctx.Io);
            spec.Apply(parse, node);
            if (parse.GetValue(id) is { } given)
            {
                node.Id = given;
            }

            var created = await ctx.Server.Nodes.CreateNodeAsync(new CreateNodeRequest { Node = node }, ctx.Server.Unary(ct));
            ctx.Printer.Print(created, w => Views.Nodes(w, [created]));
            return ExitCodes.Ok;
        });
        return command;
    }

    private static Command Update(CommandRunner runner)
    {
        var node = new Argument<string>("node") { Description = NodeRefs.ArgumentDescription };
        var spec = new NodeSpecOptions();
        var removeLabels = new Option<string[]>("--remove-label") { Description = "Remove the label with this key (repeat for more)" };
        var expected = new Option<long?>("--expected-version")
        {
            Description = "Fail (exit 4) unless the node is at this version; default: the version nmctl read, so a concurrent change is never overwritten",
        };
        var command = new Command("update", Help.Text(
            "Change some fields of a node: reads it, applies the flags, writes it back at the version read (a concurrent change fails with exit 4). "
            + "With -f, the file replaces the whole spec.",
            "nmctl nodes update r1-n07 --veth veth1 --label gpu=h100 --remove-label draining",
            "nmctl nodes update r1-n07 -f r1-n07.json --expected-version 3")) { node, removeLabels, expected };
        spec.AddTo(command);
        runner.Set(command, async (parse, ctx, ct) =>
        {
            var id = await NodeRefs.ResolveAsync(ctx, parse.GetValue(node)!, ct);
            var current = await ctx.Server.Nodes.GetNodeAsync(new GetNodeRequest { Id = id }, ctx.Server.Unary(ct));
            var changed = parse.GetResult(spec.FileOption) is null ? current.Clone() : spec.ReadFile(parse, ctx.Io);
            spec.Apply(parse, changed);
            foreach (var key in parse.GetValue(removeLabels) ?? [])
            {
                changed.Labels.Remove(key);
            }

            changed.Id = id;
            changed.Version = parse.GetValue(expected) ?? current.Version;
            var updated = await ctx.Server.Nodes.UpdateNodeAsync(new UpdateNodeRequest { Node = changed }, ctx.Server.Unary(ct));
            ctx.Printer.Print(updated, w => Views.Nodes(w, [updated]));
            return ExitCodes.Ok;
        });
        return command;
    }

    private static Command Delete(CommandRunner runner)
    {
        var node = new Argument<string>("node") { Description = NodeRefs.ArgumentDescription };
        var expected = new Option<long>("--expected-version") { Description = "Fail (exit 4) unless the node is at this version (default: any)" };
        var command = new Command("delete", Help.Text("Delete a node.", "nmctl nodes delete r1-n07", "nmctl nodes delete 3fa85f64-5717-4562-b3fc-2c963f66afa6 --expected-version 2"))
        {
            node, expected,
        };
        command.Aliases.Add("rm");
        runner.Set(command, async (parse, ctx, ct) =>
        {
            var reference = parse.GetValue(node)!;
            var id = await NodeRefs.ResolveAsync(ctx, reference, ct);
            var deleted = await ctx.Server.Nodes.DeleteNodeAsync(new DeleteNodeRequest { Id = id, Version = parse.GetValue(expected) }, ctx.Server.Unary(ct));
            ctx.Printer.Print(deleted, w => w.WriteLine(reference == deleted.Id ? $"node {deleted.Id} deleted" : $"node {reference} ({deleted.Id}) deleted"));
            return ExitCodes.Ok;
        });
        return command;
    }
}
