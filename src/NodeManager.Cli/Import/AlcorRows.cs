using System.Text.Json;
using System.Text.Json.Nodes;
using NodeManager.Contracts.V1;
using NodeManager.Core.Import;

namespace NodeManager.Cli.Import;

/// <summary>
/// Alcor's node file (<c>{"host_infos":[...]}</c>) as nodes, the way the server reads it (docs/api.md, "Bulk import"):
/// an Alcor id that is not a UUID becomes the same name-based UUID (v5, the server's namespace) on every import and
/// the label <c>alcor-node-id</c>; errors name Alcor's fields.
/// </summary>
public static class AlcorRows
{
    public const string IdLabel = AlcorIds.IdLabel;

    public static FileRow Decode(JsonNode? json, int row)
    {
        if (json is not JsonObject obj)
        {
            return new FileRow(row, null, "", "", [new FieldViolation { Field = "host_info", Description = "must be a JSON object" }]);
        }

        var violations = new List<FieldViolation>();
        string Text(string key)
        {
            switch (obj[key])
            {
                case null:
                    return "";
                case JsonValue v when v.GetValueKind() == JsonValueKind.String:
                    return v.GetValue<string>();
                default:
                    violations.Add(new FieldViolation { Field = key, Description = "must be a string" });
                    return "";
            }
        }

        var alcorId = Text("node_id");
        var node = new Node
        {
            Id = alcorId,
            Name = Text("node_name"),
            Ip = Text("local_ip"),
            Mac = Text("mac_address"),
            Veth = Text("veth"),
            HostDvrMac = Text("host_dvr_mac"),
            DataPathIp = Text("data-path-ip"),
        };
        if (alcorId.Length > 0 && !Guid.TryParse(alcorId, out _))
        {
            node.Id = AlcorIds.NameBased(alcorId).ToString("D");
            if (IsLabelValue(alcorId))
            {
                node.Labels[IdLabel] = alcorId;
            }
        }

        switch (obj["server_port"])
        {
            case null:
                break;
            case JsonValue v when v.TryGetValue<int>(out var port):
                node.AgentPort = port;
                break;
            case JsonValue v when v.TryGetValue<string>(out var s) && int.TryParse(s, System.Globalization.CultureInfo.InvariantCulture, out var port):
                node.AgentPort = port;
                break;
            default:
                violations.Add(new FieldViolation { Field = "server_port", Description = "must be an integer port" });
                break;
        }

        return new FileRow(row, violations.Count == 0 ? node : null, node.Id, node.Name, violations);
    }

    /// <summary>A Kubernetes label value: at most 63 characters, alphanumeric at both ends, '-', '_', '.' between.</summary>
    private static bool IsLabelValue(string value) =>
        value.Length <= 63 && char.IsAsciiLetterOrDigit(value[0]) && char.IsAsciiLetterOrDigit(value[^1])
        && value.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.');
}
