using NodeManager.Cli.Hosting;
using NodeManager.Cli.Output;
using NodeManager.Contracts.V1;

namespace NodeManager.Cli.Import;

/// <summary>
/// Sends a node file to ImportNodes in batches, with progress, and puts the answers together as one report whose row
/// numbers are the file's. One batch is exactly the server's import. Several batches in ALL_OR_NOTHING mode: first a
/// dry run of every batch (and a check for values repeated across the file); only when every row passes are the
/// batches applied, each in one transaction (another writer in between can still make a later batch fail).
/// </summary>
public sealed class Importer(NmctlContext ctx, int batchSize)
{
    public async Task<ImportNodesResponse> RunAsync(IReadOnlyList<FileRow> rows, ImportMode mode, bool dryRun, CancellationToken ct)
    {
        var unreadable = rows.Where(r => r.Node is null).Select(r => Refused(r, ImportAction.Invalid, r.Violations)).ToList();
        var good = rows.Where(r => r.Node is not null).ToList();
        var batches = good.Chunk(batchSize > 0 ? batchSize : Math.Max(good.Count, 1)).ToList();
        var progress = new RowProgress(ctx.Io);

        if (batches.Count <= 1 || mode == ImportMode.BestEffort)
        {
            var blocked = mode == ImportMode.AllOrNothing && unreadable.Count > 0;
            var label = dryRun || blocked ? "checking" : "importing";
            return Merge(await progress.RunAsync(label, rows.Count, sink => SendAsync(batches, unreadable, dryRun || blocked, mode, sink, ct)), unreadable, mode, dryRun);
        }

        var duplicates = DuplicateCheck.Find(good);
        var repeated = good.Where(r => duplicates.ContainsKey(r.Row)).Select(r => Refused(r, ImportAction.Conflict, [duplicates[r.Row]]));
        var refused = unreadable.Concat(repeated).ToList();
        var check = Merge(await progress.RunAsync("checking", rows.Count, sink => SendAsync(batches, refused, true, mode, sink, ct)), refused, mode, dryRun: true);
        if (dryRun || check.Summary.Conflicts + check.Summary.Invalid > 0)
        {
            check.DryRun = dryRun;
            return check;
        }

        return Merge(await progress.RunAsync("importing", rows.Count, sink => SendAsync(batches, [], false, mode, sink, ct)), [], mode, dryRun: false);
    }

    private async Task<List<(ImportNodesResponse Answer, FileRow[] Batch)>> SendAsync(
        List<FileRow[]> batches, IReadOnlyCollection<ImportRowResult> refused, bool dryRun, ImportMode mode, IProgressSink sink, CancellationToken ct)
    {
        var answers = new List<(ImportNodesResponse, FileRow[])>();
        long done = refused.Count;
        sink.Report(done);
        foreach (var batch in batches.Where(b => b.Length > 0))
        {
            var request = new ImportNodesRequest { DryRun = dryRun, Mode = mode };
            request.Nodes.AddRange(batch.Select(r => r.Node));
            answers.Add((await ctx.Server.Nodes.ImportNodesAsync(request, ctx.Server.Unary(ct)), batch));
            done += batch.Length;
            sink.Report(done);
        }

        return answers;
    }

    private static ImportNodesResponse Merge(List<(ImportNodesResponse Answer, FileRow[] Batch)> answers, IReadOnlyList<ImportRowResult> refused, ImportMode mode, bool dryRun)
    {
        var report = new ImportNodesResponse { DryRun = dryRun, Mode = mode, Summary = new ImportSummary() };
        var rows = new List<ImportRowResult>(refused);
        foreach (var (answer, batch) in answers)
        {
            report.Applied |= answer.Applied;
            foreach (var row in answer.Rows)
            {
                var copy = row.Clone();
                copy.Row = batch[row.Row - 1].Row;
                rows.Add(copy);
            }
        }

        // A refused row replaces the server's verdict on the same row (it was sent in the check pass of a duplicate).
        var byRow = rows.GroupBy(r => r.Row).Select(g => g.FirstOrDefault(r => refused.Contains(r)) ?? g.First()).OrderBy(r => r.Row).ToList();
        report.Rows.AddRange(byRow);
        var s = report.Summary;
        s.Total = byRow.Count;
        s.Created = byRow.Count(r => r.Action == ImportAction.Create);
        s.Updated = byRow.Count(r => r.Action == ImportAction.Update);
        s.Unchanged = byRow.Count(r => r.Action == ImportAction.Unchanged);
        s.Conflicts = byRow.Count(r => r.Action == ImportAction.Conflict);
        s.Invalid = byRow.Count(r => r.Action == ImportAction.Invalid);
        return report;
    }

    private static ImportRowResult Refused(FileRow row, ImportAction action, IEnumerable<FieldViolation> violations)
    {
        var result = new ImportRowResult { Row = row.Row, Id = row.Id, Name = row.Name, Action = action };
        result.Violations.AddRange(violations);
        return result;
    }
}
