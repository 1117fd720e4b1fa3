using System.Text.Json.Nodes;
using Microsoft.Extensions.Primitives;
using NodeManager.Contracts.V1;
using NodeManager.Core.Errors;
using NodeManager.Core.Nodes;
using Node = NodeManager.Contracts.V1.Node;
using NodeManager.Server.Nodes;

namespace NodeManager.Server.Alcor;

public sealed partial class AlcorNodeService
{
    private static readonly string[] Filters = ["node_name", "node_id", "mac_address", "local_ip"];

    /// <summary>
    /// <c>GET /nodes</c>: every node, or those matching all given filters; a filter may be repeated
    /// (<c>node_name=a&amp;node_name=b</c>) or comma-separated to match any of its values.
    /// Answers Alcor's <c>NodesWebJson</c>: <c>{"nodeInfos": [host_info, ...]}</c>.
    /// </summary>
    public async Task<JsonObject> Query(IQueryCollection query, CancellationToken cancellationToken)
    {
        foreach (var key in query.Keys.Where(k => !Filters.Contains(k)))
        {
            throw NodeManagerException.Invalid(key, "is not a filter of GET /nodes; use node_name, node_id, mac_address or local_ip");
        }

        var names = Values(query["node_name"], "node_name", s => s.ToLowerInvariant());
        var ids = Values(query["node_id"], "node_id", s => ResolveId(s).ToString("D"));
        var macs = Values(query["mac_address"], "mac_address", s => NetworkText.TryCanonicalMac(s, out var c) ? c : null);
        var ips = Values(query["local_ip"], "local_ip", s => NetworkText.TryCanonicalIp(s, out var c) ? c : null);

        IEnumerable<Node> candidates;
        if (ids.Count > 0)
        {
            candidates = (await nodes.BatchGetNodes(new BatchGetNodesRequest { Ids = { ids } }, cancellationToken)).Nodes;
        }
        else if (names.Count + ips.Count + macs.Count > 0)
        {
            var lookups = names.Select(n => new ListNodesRequest { Name = n }).ToList();
            if (lookups.Count == 0)
            {
                lookups = ips.Count > 0 ? ips.Select(ip => new ListNodesRequest { Ip = ip }).ToList() : macs.Select(m => new ListNodesRequest { Mac = m }).ToList();
            }

            var found = new List<Node>();
            foreach (var lookup in lookups)
            {
                found.AddRange((await nodes.ListNodes(lookup, cancellationToken)).Nodes);
            }

            candidates = found;
        }
        else
        {
            candidates = await All(cancellationToken);
        }

        var matches = candidates
            .Where(n => (names.Count == 0 || names.Contains(n.Name)) && (ips.Count == 0 || ips.Contains(n.Ip)) && (macs.Count == 0 || macs.Contains(n.Mac)))
            .DistinctBy(n => n.Id)
            .Select(n => (JsonNode)AlcorHostInfoJson.ToJson(n))
            .ToArray();
        return new JsonObject { ["nodeInfos"] = new JsonArray(matches) };
    }

    private async Task<List<Node>> All(CancellationToken cancellationToken)
    {
        var all = new List<Node>();
        var request = new ListNodesRequest { PageSize = 1000 };
        do
        {
            var page = await nodes.ListNodes(request, cancellationToken);
            all.AddRange(page.Nodes);
            request.PageToken = page.NextPageToken;
        }
        while (request.PageToken.Length > 0);

        return all;
    }

    private static List<string> Values(StringValues values, string parameter, Func<string, string?> canonicalize)
    {
        var result = new List<string>();
        foreach (var text in values.SelectMany(v => (v ?? "").Split(',')).Select(v => v.Trim()))
        {
            if (text.Length == 0)
            {
                throw NodeManagerException.Invalid(parameter, "must not be empty");
            }

            result.Add(canonicalize(text) ?? throw NodeManagerException.Invalid(parameter, $"'{text}' is not a valid {parameter}"));
        }

        if (result.Count > NodeServiceImpl.MaxBatchGet)
        {
            throw NodeManagerException.Invalid(parameter, $"at most {NodeServiceImpl.MaxBatchGet} values");
        }

        return result;
    }
}
