using System.Text.Json;
using System.Text.Json.Nodes;
using Google.Protobuf;
using NodeManager.Cli.Hosting;
using NodeManager.Contracts.V1;

namespace NodeManager.Cli.Import;

/// <summary>
/// Reads a node file in the formats the server's import takes (docs/api.md): an <c>ImportNodesRequest</c>
/// (<c>{"nodes":[...], "dryRun", "mode"}</c>), a JSON array of nodes, or Alcor's <c>{"host_infos":[...]}</c>. A row that
/// cannot be read is kept with its violations; only a file that is not JSON, or of no known shape, fails whole.
/// </summary>
public static class ImportFile
{
    private static readonly JsonParser Parser = new(JsonParser.Settings.Default);

    public static NodeFileContent Read(string text, string path)
    {
        JsonNode? root;
        try
        {
            root = JsonNode.Parse(text, documentOptions: new JsonDocumentOptions { MaxDepth = 32 });
        }
        catch (JsonException ex)
        {
            throw CliException.Usage($"{path}: malformed JSON at line {ex.LineNumber + 1}, byte {ex.BytePositionInLine + 1}");
        }

        switch (root)
        {
            case JsonArray array:
                return new NodeFileContent(Nodes(array), null, null, "node array");
            case JsonObject obj when obj["host_infos"] is JsonArray hosts:
                return new NodeFileContent(hosts.Select((h, i) => AlcorRows.Decode(h, i + 1)).ToList(), null, null, "Alcor host_infos");
            case JsonObject obj when obj["nodes"] is JsonArray nodes:
                var dryRun = (obj["dryRun"] ?? obj["dry_run"]) is JsonValue d && d.TryGetValue<bool>(out var flag) ? flag : (bool?)null;
                ImportMode? mode = obj["mode"] is JsonValue m && m.TryGetValue<string>(out var modeText)
                    ? (Commands.EnumNames.TryParse<ImportMode>(modeText, out var parsed) ? parsed : throw CliException.Usage($"{path}: mode '{modeText}' is not ALL_OR_NOTHING or BEST_EFFORT"))
                    : null;
                return new NodeFileContent(Nodes(nodes), dryRun, mode, "ImportNodesRequest");
            default:
                throw CliException.Usage($"{path}: expected a JSON array of nodes, an object with \"nodes\" (ImportNodesRequest), or Alcor's object with \"host_infos\"");
        }
    }

    /// <summary>
    /// The protobuf JSON mapping wants enum values with their prefix; the server also takes them without
    /// (<c>"kind":"GPU"</c>), so nmctl adds the prefix where it is missing.
    /// </summary>
    public static string NormalizeEnums(string nodeJson)
    {
        var node = JsonNode.Parse(nodeJson);
        if (node is JsonObject obj)
        {
            Normalize(obj);
        }

        return node?.ToJsonString() ?? "null";
    }

    private static List<FileRow> Nodes(JsonArray array)
    {
        var rows = new List<FileRow>(array.Count);
        for (var i = 0; i < array.Count; i++)
        {
            var item = array[i] as JsonObject;
            var id = Text(item, "id");
            var name = Text(item, "name");
            if (item is null)
            {
                rows.Add(new FileRow(i + 1, null, "", "", [new FieldViolation { Field = "node", Description = "must be a JSON object" }]));
                continue;
            }

            try
            {
                var copy = (JsonObject)item.DeepClone();
                Normalize(copy);
                rows.Add(new FileRow(i + 1, Parser.Parse<Node>(copy.ToJsonString()), id, name, []));
            }
            catch (Exception ex) when (ex is InvalidProtocolBufferException or InvalidJsonException or FormatException or InvalidOperationException)
            {
                rows.Add(new FileRow(i + 1, null, id, name, [new FieldViolation { Field = "node", Description = ex.Message }]));
            }
        }

        return rows;
    }

    private static void Normalize(JsonObject node)
    {
        Prefix(node, "lifecycleState", "LIFECYCLE_STATE_");
        Prefix(node, "lifecycle_state", "LIFECYCLE_STATE_");
        if (node["devices"] is JsonArray devices)
        {
            foreach (var device in devices.OfType<JsonObject>())
            {
                Prefix(device, "kind", "DEVICE_KIND_");
            }
        }
    }

    private static void Prefix(JsonObject obj, string key, string prefix)
    {
        if (obj[key] is JsonValue v && v.TryGetValue<string>(out var text) && !text.StartsWith(prefix, StringComparison.OrdinalIgnoreCase))
        {
            obj[key] = prefix + text.ToUpperInvariant();
        }
    }

    private static string Text(JsonObject? obj, string key) => obj?[key] is JsonValue v && v.TryGetValue<string>(out var s) ? s : "";
}
