using System.CommandLine;
using NodeManager.Cli.Hosting;
using NodeManager.Cli.Output;
using NodeManager.Contracts.V1;

namespace NodeManager.Cli.Commands;

/// <summary><c>nmctl reservations list|reserve|release|schedule</c>: named holds on a node's capacity (ReservationService).</summary>
public static class ReservationsCommand
{
    public static Command Create(CommandRunner runner)
    {
        var command = new Command("reservations", "Compute (CPU, memory) and storage reservations on nodes; scheduling onto a node with room");
        command.Aliases.Add("reservation");
        command.Subcommands.Add(List(runner));
        command.Subcommands.Add(Reserve(runner));
        command.Subcommands.Add(Release(runner));
        command.Subcommands.Add(Schedule(runner));
        return command;
    }

    private static Command List(CommandRunner runner)
    {
        var node = new Argument<string>("node") { Description = NodeRefs.ArgumentDescription };
        var command = new Command("list", Help.Text("A node's reservations, capacity, reserved and free room.", "nmctl reservations list r1-n07")) { node };
        command.Aliases.Add("ls");
        runner.Set(command, async (parse, ctx, ct) =>
        {
            var id = await NodeRefs.ResolveAsync(ctx, parse.GetValue(node)!, ct);
            var response = await ctx.Server.Reservations.ListReservationsAsync(new ListReservationsRequest { NodeId = id }, ctx.Server.Unary(ct));
            ctx.Printer.Print(response, w =>
            {
                Views.Reservations(w, response.Reservations);
                Views.Capacity(w, response);
            });
            return ExitCodes.Ok;
        });
        return command;
    }

    private sealed class Amounts
    {
        public Option<string> Cpu { get; } = Flags.Cpu("--cpu", "Compute: CPU request, cores (e.g. 4, 500m)");
        public Option<string> CpuLimit { get; } = Flags.Cpu("--cpu-limit", "Compute: CPU limit (recorded; default = the request)");
        public Option<string> Memory { get; } = Flags.Bytes("--memory", "Compute: memory request (e.g. 16Gi)");
        public Option<string> MemoryLimit { get; } = Flags.Bytes("--memory-limit", "Compute: memory limit (recorded; default = the request)");
        public Option<string> Storage { get; } = Flags.Bytes("--storage", "Storage: request (e.g. 500G); makes it a storage reservation");
        public Option<string> StorageLimit { get; } = Flags.Bytes("--storage-limit", "Storage: limit (recorded; default = the request)");

        public void AddTo(Command command)
        {
            foreach (var option in new[] { Cpu, CpuLimit, Memory, MemoryLimit, Storage, StorageLimit })
            {
                command.Options.Add(option);
            }

            command.Validators.Add(result =>
            {
                var compute = new[] { Cpu, CpuLimit, Memory, MemoryLimit }.Any(o => result.GetResult(o) is not null);
                var storage = new[] { Storage, StorageLimit }.Any(o => result.GetResult(o) is not null);
                if (compute == storage)
                {
                    result.AddError("give --cpu/--memory (a compute reservation) or --storage (a storage reservation), not both and not neither");
                }
            });
        }

        public bool IsStorage(ParseResult parse) => parse.GetResult(Storage) is not null || parse.GetResult(StorageLimit) is not null;
    }

    private static Command Reserve(CommandRunner runner)
    {
        var node = new Argument<string>("node") { Description = NodeRefs.ArgumentDescription };
        var name = new Argument<string>("name") { Description = "The reservation's name (unique per node and kind)" };
        var amounts = new Amounts();
        var command = new Command("reserve", Help.Text(
            "Reserve capacity on a node. Requests never exceed the capacity (no room: exit 4); the same name with the same values is a no-op.",
            "nmctl reservations reserve r1-n07 vm-42 --cpu 4 --cpu-limit 8 --memory 16Gi",
            "nmctl reservations reserve r1-n07 vol-7 --storage 500G")) { node, name };
        amounts.AddTo(command);
        runner.Set(command, async (parse, ctx, ct) =>
        {
            var id = await NodeRefs.ResolveAsync(ctx, parse.GetValue(node)!, ct);
            var options = ctx.Server.Unary(ct);
            var reservation = amounts.IsStorage(parse)
                ? await ctx.Server.Reservations.ReserveStorageAsync(new ReserveStorageRequest
                {
                    NodeId = id, Name = parse.GetValue(name)!,
                    RequestStorageBytes = Flags.Bytes(parse, amounts.Storage), LimitStorageBytes = Flags.Bytes(parse, amounts.StorageLimit),
                }, options)
                : await ctx.Server.Reservations.ReserveComputeAsync(new ReserveComputeRequest
                {
                    NodeId = id, Name = parse.GetValue(name)!,
                    RequestCpuMilliCores = Flags.MilliCores(parse, amounts.Cpu), LimitCpuMilliCores = Flags.MilliCores(parse, amounts.CpuLimit),
                    RequestMemoryBytes = Flags.Bytes(parse, amounts.Memory), LimitMemoryBytes = Flags.Bytes(parse, amounts.MemoryLimit),
                }, options);
            ctx.Printer.Print(reservation, w => Views.Reservations(w, [reservation]));
            return ExitCodes.Ok;
        });
        return command;
    }

    private static Command Release(CommandRunner runner)
    {
        var node = new Argument<string>("node") { Description = NodeRefs.ArgumentDescription };
        var name = new Argument<string>("name") { Description = "The reservation's name" };
        var kind = Flags.Enum<ReservationKind>("--kind", "The reservation's kind (default compute)");
        var command = new Command("release", Help.Text("Release a reservation.", "nmctl reservations release r1-n07 vm-42", "nmctl reservations release r1-n07 vol-7 --kind storage"))
        {
            node, name, kind,
        };
        runner.Set(command, async (parse, ctx, ct) =>
        {
            var id = await NodeRefs.ResolveAsync(ctx, parse.GetValue(node)!, ct);
            var storage = parse.GetValue(kind) is { } k && Flags.ParseEnum<ReservationKind>(k, "--kind") == ReservationKind.Storage;
            var options = ctx.Server.Unary(ct);
            var released = storage
                ? await ctx.Server.Reservations.ReleaseStorageAsync(new ReleaseStorageRequest { NodeId = id, Name = parse.GetValue(name)! }, options)
                : await ctx.Server.Reservations.ReleaseComputeAsync(new ReleaseComputeRequest { NodeId = id, Name = parse.GetValue(name)! }, options);
            ctx.Printer.Print(released, w => w.WriteLine($"reservation {released.Name} ({EnumNames.Short(released.Kind)}) on node {released.NodeId} released"));
            return ExitCodes.Ok;
        });
        return command;
    }

    private static Command Schedule(CommandRunner runner)
    {
        var name = new Argument<string>("name") { Description = "The reservation's name" };
        var amounts = new Amounts();
        var selector = new Option<string>("--selector", "-l") { Description = "Only nodes whose labels match (Kubernetes syntax)" };
        var policy = Flags.Enum<PlacementPolicy>("--policy", "best-fit packs nodes (default), spread picks the emptiest");
        var command = new Command("schedule", Help.Text(
            "Pick a COMMISSIONED, READY node with room (matching --selector) and reserve on it; exit 4 with the reason when nothing fits.",
            "nmctl reservations schedule vm-43 --cpu 2 --memory 4Gi -l zone=a --policy spread",
            "nmctl reservations schedule vol-8 --storage 500G")) { name, selector, policy };
        amounts.AddTo(command);
        runner.Set(command, async (parse, ctx, ct) =>
        {
            var placement = parse.GetValue(policy) is { } p ? Flags.ParseEnum<PlacementPolicy>(p, "--policy") : PlacementPolicy.Unspecified;
            var options = ctx.Server.Unary(ct);
            var reservation = amounts.IsStorage(parse)
                ? await ctx.Server.Reservations.ScheduleStorageAsync(new ScheduleStorageRequest
                {
                    Name = parse.GetValue(name)!, LabelSelector = parse.GetValue(selector) ?? "", Policy = placement,
                    RequestStorageBytes = Flags.Bytes(parse, amounts.Storage), LimitStorageBytes = Flags.Bytes(parse, amounts.StorageLimit),
                }, options)
                : await ctx.Server.Reservations.ScheduleComputeAsync(new ScheduleComputeRequest
                {
                    Name = parse.GetValue(name)!, LabelSelector = parse.GetValue(selector) ?? "", Policy = placement,
                    RequestCpuMilliCores = Flags.MilliCores(parse, amounts.Cpu), LimitCpuMilliCores = Flags.MilliCores(parse, amounts.CpuLimit),
                    RequestMemoryBytes = Flags.Bytes(parse, amounts.Memory), LimitMemoryBytes = Flags.Bytes(parse, amounts.MemoryLimit),
                }, options);
            ctx.Printer.Print(reservation, w => Views.Reservations(w, [reservation]));
            return ExitCodes.Ok;
        });
        return command;
    }
}
