using System.CommandLine;
using System.Globalization;
using Google.Protobuf.WellKnownTypes;
using NodeManager.Cli.Config;
using NodeManager.Cli.Hosting;
using NodeManager.Cli.Output;
using NodeManager.Contracts.V1;

namespace NodeManager.Cli.Commands;

/// <summary><c>nmctl nodes history NODE</c>: one node's changes and transitions, with who made them (NodeService/ListNodeHistory).</summary>
public static class HistoryCommand
{
    private const string TimeHelp = "an RFC 3339 time (2026-12-06T10:00:00Z) or how long ago (90s, 30m, 2h)";

    public static Command Create(CommandRunner runner)
    {
        var node = new Argument<string>("node") { Description = NodeRefs.ArgumentDescription + " (a deleted node: its id)" };
        var since = TimeOption("--since", "Only entries at or after this time");
        var until = TimeOption("--until", "Only entries before this time");
        var kinds = KindOption();
        var limit = new Option<int>("--limit") { Description = "At most this many entries (0 = all)", DefaultValueFactory = _ => 100 };
        limit.Validators.Add(result =>
        {
            if (result.GetValueOrDefault<int>() < 0)
            {
                result.AddError($"--limit: '{result.Tokens.LastOrDefault()?.Value}' must not be negative");
            }
        });
        var ascending = new Option<bool>("--oldest-first") { Description = "Oldest first (default: newest first)" };
        var command = new Command("history", Help.Text(
            "One node's history, newest first: every create, update (which fields), lifecycle and health transition, reservation and delete, "
            + "with who made it (the actor) — kept for NodeManager:History:Retention, whatever the change feed keeps.",
            "nmctl nodes history r1-n07",
            "nmctl nodes history r1-n07 --since 2h --kind health-changed --kind lifecycle-changed",
            "nmctl nodes history 3fa85f64-5717-4562-b3fc-2c963f66afa6 --since 2026-12-01T00:00:00Z --until 2026-12-02T00:00:00Z --limit 0 -o json"))
        {
            node, since, until, kinds, limit, ascending,
        };
        runner.Set(command, async (parse, ctx, ct) =>
        {
            var request = new ListNodeHistoryRequest
            {
                NodeId = await NodeRefs.ResolveAsync(ctx, parse.GetValue(node)!, ct),
                Since = Time(parse.GetValue(since)),
                Until = Time(parse.GetValue(until)),
                Ascending = parse.GetValue(ascending),
            };
            request.Kinds.AddRange(Split(parse.GetValue(kinds)).Select(k => Flags.ParseEnum<NodeEventType>(k, "--kind")));
            var all = await ListAsync(ctx, request, parse.GetValue(limit), ct);
            ctx.Printer.Print(all, w => Table(w, all.Entries));
            return ExitCodes.Ok;
        });
        return command;
    }

    /// <summary>Every page up to <paramref name="limit"/> (0 = all); <c>next_page_token</c> is set when the limit cut it short.</summary>
    private static async Task<ListNodeHistoryResponse> ListAsync(NmctlContext ctx, ListNodeHistoryRequest request, int limit, CancellationToken ct)
    {
        var all = new ListNodeHistoryResponse();
        while (true)
        {
            request.PageSize = limit > 0 ? Math.Clamp(limit - all.Entries.Count, 1, Paging.MaxPageSize) : Paging.MaxPageSize;
            var page = await ctx.Server.Nodes.ListNodeHistoryAsync(request, ctx.Server.Unary(ct));
            all.Entries.AddRange(page.Entries);
            all.NextPageToken = page.NextPageToken;
            if (page.NextPageToken.Length == 0 || (limit > 0 && all.Entries.Count >= limit))
            {
                return all;
            }

            request.PageToken = page.NextPageToken;
        }
    }

    private static Option<string[]> KindOption()
    {
        var choices = EnumNames.Choices<NodeEventType>();
        var option = new Option<string[]>("--kind")
        {
            Description = $"Only these kinds of change ({string.Join(", ", choices)}); repeat or separate by commas",
            HelpName = "kind",
            AllowMultipleArgumentsPerToken = false,
        };
        option.Validators.Add(result =>
        {
            foreach (var kind in Split(result.Tokens.Select(t => t.Value).ToArray()))
            {
                if (!EnumNames.TryParse<NodeEventType>(kind, out _))
                {
                    result.AddError($"--kind: '{kind}' is not one of {string.Join(", ", choices)}");
                }
            }
        });
        option.CompletionSources.Add(choices);
        return option;
    }

    private static IEnumerable<string> Split(string[]? values) =>
        (values ?? []).SelectMany(v => v.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));

    private static Option<string> TimeOption(string name, string description)
    {
        var option = new Option<string>(name) { Description = $"{description}: {TimeHelp}", HelpName = "time" };
        option.Validators.Add(result =>
        {
            foreach (var token in result.Tokens)
            {
                if (!TryParseTime(token.Value, DateTimeOffset.UnixEpoch, out _))
                {
                    result.AddError($"{name}: '{token.Value}' is not {TimeHelp}");
                }
            }
        });
        return option;
    }

    /// <summary>The time a flag names; "how long ago" counts back from this machine's clock.</summary>
    private static Timestamp? Time(string? text) =>
        text is not null && TryParseTime(text, TimeProvider.System.GetUtcNow(), out var time) ? Timestamp.FromDateTimeOffset(time) : null;

    private static bool TryParseTime(string text, DateTimeOffset now, out DateTimeOffset time)
    {
        if (text.Length >= 20 && text[10] is 'T' or 't'
            && DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal, out time))
        {
            return true;
        }

        time = Durations.TryParse(text, out var ago) ? now - ago : default;
        return ago > TimeSpan.Zero;
    }

    private static void Table(TextWriter writer, IEnumerable<NodeHistoryEntry> entries)
    {
        var table = new TableWriter("REVISION", "TIME", "KIND", "ACTOR", "DETAIL");
        foreach (var e in entries)
        {
            table.Row(e.Revision.ToString(CultureInfo.InvariantCulture), Views.Time(e.Time), EnumNames.Short(e.Kind), e.Actor, Detail(e));
        }

        table.WriteTo(writer);
    }

    private static string Detail(NodeHistoryEntry e) => e switch
    {
        { Health: { } h } => $"{(h.From == HealthStatus.Unspecified ? "" : EnumNames.Short(h.From) + " → ")}{EnumNames.Short(h.To)}"
            + (h.DecidedBy == DecidedBy.Unspecified ? "" : $" by {EnumNames.Short(h.DecidedBy)}") + (h.Reason.Length > 0 ? $": {h.Reason}" : ""),
        { Lifecycle: { } l } => $"{EnumNames.Short(l.From)} → {EnumNames.Short(l.To)}: {l.Reason}" + (l.OperationId.Length > 0 ? $" (operation {l.OperationId})" : ""),
        { Reservation: { } r } => $"{EnumNames.Short(r.Kind)} {r.Name}",
        { Kind: NodeEventType.Updated } => e.ChangedFields.Count > 0 ? "changed " + string.Join(",", e.ChangedFields) : e.Name,
        _ => e.Name,
    };
}
