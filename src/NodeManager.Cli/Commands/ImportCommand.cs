using System.CommandLine;
using NodeManager.Cli.Hosting;
using NodeManager.Cli.Import;
using NodeManager.Cli.Output;
using NodeManager.Contracts.V1;

namespace NodeManager.Cli.Commands;

/// <summary><c>nmctl nodes import FILE</c>: bulk import through ImportNodes, with a dry run, per-row report and progress.</summary>
public static class ImportCommand
{
    public static Command Create(CommandRunner runner)
    {
        var file = new Argument<string>("file") { Description = "The node file ('-' = standard input): an ImportNodesRequest, a JSON array of nodes, or Alcor's {\"host_infos\":[...]}" };
        var dryRun = new Option<bool>("--dry-run") { Description = "Report per row what would happen (CREATE, UPDATE, UNCHANGED, CONFLICT, INVALID); write nothing" };
        var mode = Flags.Enum<ImportMode>("--mode", "What a bad row does: all-or-nothing (default) writes nothing, best-effort applies the good rows");
        var batchSize = new Option<int>("--batch-size")
        {
            Description = "Rows per request (0 = the whole file in one request, atomic like the server's import). With several requests in "
                + "all-or-nothing mode every batch is checked (a dry run) before any is applied",
            DefaultValueFactory = _ => 1000,
        };
        batchSize.Validators.Add(r =>
        {
            if (r.GetValueOrDefault<int>() < 0)
            {
                r.AddError("--batch-size: must be 0 or more");
            }
        });
        var all = new Option<bool>("--all-rows") { Description = "Table: list UNCHANGED rows too" };
        var command = new Command("import", Help.Text(
            "Import a node file: every row is validated and diffed against the registry (CREATE, UPDATE, UNCHANGED, CONFLICT, INVALID), "
            + "then applied; progress (rows/s) on standard error; exit 4 when any row is CONFLICT or INVALID.",
            "nmctl nodes import region-nodes.json --dry-run",
            "nmctl nodes import region-nodes.json",
            "nmctl nodes import alcor-hosts.json --mode best-effort -o json",
            "cat nodes.json | nmctl nodes import -")) { file, dryRun, mode, batchSize, all };
        runner.Set(command, async (parse, ctx, ct) =>
        {
            var path = parse.GetValue(file)!;
            var content = ImportFile.Read(NodeSpecOptions.ReadText(path, ctx.Io), path);
            var chosenMode = parse.GetValue(mode) is { } m ? Flags.ParseEnum<ImportMode>(m, "--mode") : content.Mode ?? ImportMode.AllOrNothing;
            var isDryRun = parse.GetValue(dryRun) || content.DryRun == true;
            var report = await new Importer(ctx, parse.GetValue(batchSize)).RunAsync(content.Rows, chosenMode, isDryRun, ct);
            ctx.Printer.Print(report, w => Write(w, report, parse.GetValue(all)));
            return report.Summary.Conflicts + report.Summary.Invalid > 0 ? ExitCodes.Conflict : ExitCodes.Ok;
        });
        return command;
    }

    private static void Write(TextWriter writer, ImportNodesResponse report, bool allRows)
    {
        var s = report.Summary;
        var verdict = report.DryRun ? "dry run, nothing written" : report.Applied ? "applied" : s.Conflicts + s.Invalid > 0 ? "refused, nothing written" : "nothing to change";
        writer.WriteLine($"{s.Total} rows: {s.Created} create, {s.Updated} update, {s.Unchanged} unchanged, {s.Conflicts} conflict, {s.Invalid} invalid ({verdict})");
        var table = new TableWriter("ROW", "ACTION", "ID", "NAME", "DETAIL");
        foreach (var row in report.Rows.Where(r => allRows || r.Action != ImportAction.Unchanged))
        {
            var detail = string.Join("; ", row.Violations.Select(v => $"{v.Field}: {v.Description}"));
            if (row.ConflictingNodeId.Length > 0)
            {
                detail += (detail.Length > 0 ? "; " : "") + "held by node " + row.ConflictingNodeId;
            }

            table.Row(row.Row.ToString(System.Globalization.CultureInfo.InvariantCulture), EnumNames.Short(row.Action), row.Id, row.Name, detail);
        }

        if (table.Count > 0)
        {
            table.WriteTo(writer);
        }
    }
}
