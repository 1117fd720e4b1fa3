using System.Text.Json;
using System.Text.Json.Nodes;
using NodeManager.Contracts.V1;
using NodeManager.Core.Errors;
using NodeManager.Core.Import;
using NodeManager.Server.Api;

namespace NodeManager.Server.Import;

/// <summary>
/// Reads a node file in any accepted format into import rows. A row that cannot be decoded is
/// kept, with its violations, so the report names every bad row; only a file that is not JSON at
/// all, or of no known shape, fails as a whole.
/// </summary>
public static class NodeFileDecoder
{
    public static NodeFile Decode(string json)
    {
        JsonNode? root;
        try
        {
            root = JsonNode.Parse(json, documentOptions: new JsonDocumentOptions { AllowTrailingCommas = false, MaxDepth = 32, AllowDuplicateProperties = false });
        }
        catch (JsonException ex)
        {
            throw NodeManagerException.Invalid("body", $"malformed JSON at line {ex.LineNumber + 1}, byte {ex.BytePositionInLine + 1}");
        }

        switch (root)
        {
            case JsonArray array:
                return new NodeFile(DecodeNodes(array), null, null, NodeFileFormat.NodeArray);
            case JsonObject obj when obj.ContainsKey("host_infos"):
                if (obj["host_infos"] is not JsonArray hosts)
                {
                    throw NodeManagerException.Invalid("host_infos", "must be a JSON array");
                }

                return new NodeFile(hosts.Select((h, i) => AlcorHostInfo.Decode(h, i + 1)).ToList(), null, null, NodeFileFormat.AlcorHostInfos);
            case JsonObject obj when obj.ContainsKey("nodes"):
                var nodes = obj["nodes"] as JsonArray ?? throw NodeManagerException.Invalid("nodes", "must be a JSON array");
                obj.Remove("nodes");
                var options = ProtoJson.Parse<ImportNodesRequest>(obj, "");
                var hasDryRun = obj.ContainsKey("dryRun") || obj.ContainsKey("dry_run");
                var hasMode = obj.ContainsKey("mode");
                return new NodeFile(DecodeNodes(nodes), hasDryRun ? options.DryRun : null, hasMode ? options.Mode : null, NodeFileFormat.ImportRequest);
            default:
                throw NodeManagerException.Invalid("body",
                    "expected a JSON array of nodes, an object with \"nodes\" (ImportNodesRequest), or Alcor's object with \"host_infos\"");
        }
    }

    private static List<ImportRow> DecodeNodes(JsonArray array)
    {
        var rows = new List<ImportRow>(array.Count);
        for (var i = 0; i < array.Count; i++)
        {
            try
            {
                var node = ProtoJson.Parse<Node>(array[i], "");
                rows.Add(new ImportRow(i + 1, node.Id, NodeMapper.ToRawSpec(node), []));
            }
            catch (NodeManagerException ex)
            {
                var id = (array[i] as JsonObject)?["id"] is JsonValue v && v.TryGetValue<string>(out var text) ? text : "";
                rows.Add(new ImportRow(i + 1, id, null, ex.Violations));
            }
        }

        return rows;
    }
}
