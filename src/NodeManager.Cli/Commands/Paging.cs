using System.CommandLine;
using NodeManager.Cli.Hosting;
using NodeManager.Contracts.V1;

namespace NodeManager.Cli.Commands;

/// <summary>Reads every page of a list (or up to a limit) into one answer, as the server would give it without paging.</summary>
public static class Paging
{
    public const int MaxPageSize = 1000;

    public static Option<int> PageSizeOption()
    {
        var option = new Option<int>("--page-size") { Description = $"Nodes per call (1..{MaxPageSize})", DefaultValueFactory = _ => 500 };
        option.Validators.Add(result =>
        {
            if (result.GetValueOrDefault<int>() is < 1 or > MaxPageSize)
            {
                result.AddError($"--page-size: '{result.Tokens.LastOrDefault()?.Value}' is not 1..{MaxPageSize}");
            }
        });
        return option;
    }

    /// <summary>Every page; <c>next_page_token</c> of the answer is set when <paramref name="limit"/> cut it short.</summary>
    public static async Task<ListNodesResponse> ListNodesAsync(NmctlContext ctx, ListNodesRequest request, int pageSize, int limit, CancellationToken ct)
    {
        var all = new ListNodesResponse();
        request.PageSize = Size(pageSize, limit, 0);
        while (true)
        {
            var page = await ctx.Server.Nodes.ListNodesAsync(request, ctx.Server.Unary(ct));
            if (all.Revision == 0)
            {
                all.Revision = page.Revision;
            }

            all.Nodes.AddRange(page.Nodes);
            all.NextPageToken = page.NextPageToken;
            if (page.NextPageToken.Length == 0 || (limit > 0 && all.Nodes.Count >= limit))
            {
                Trim(all.Nodes, limit);
                return all;
            }

            request.PageToken = page.NextPageToken;
            request.PageSize = Size(pageSize, limit, all.Nodes.Count);
        }
    }

    public static async Task<ListNodeHealthResponse> ListHealthAsync(NmctlContext ctx, ListNodeHealthRequest request, int pageSize, int limit, CancellationToken ct)
    {
        var all = new ListNodeHealthResponse();
        request.PageSize = Size(pageSize, limit, 0);
        while (true)
        {
            var page = await ctx.Server.Health.ListNodeHealthAsync(request, ctx.Server.Unary(ct));
            if (all.Revision == 0)
            {
                all.Revision = page.Revision;
                all.ClusterConditions.AddRange(page.ClusterConditions);
            }

            all.Health.AddRange(page.Health);
            all.NextPageToken = page.NextPageToken;
            if (page.NextPageToken.Length == 0 || (limit > 0 && all.Health.Count >= limit))
            {
                Trim(all.Health, limit);
                return all;
            }

            request.PageToken = page.NextPageToken;
            request.PageSize = Size(pageSize, limit, all.Health.Count);
        }
    }

    private static int Size(int pageSize, int limit, int have) => limit > 0 ? Math.Clamp(limit - have, 1, pageSize) : pageSize;

    private static void Trim<T>(IList<T> items, int limit)
    {
        while (limit > 0 && items.Count > limit)
        {
            items.RemoveAt(items.Count - 1);
        }
    }
}
