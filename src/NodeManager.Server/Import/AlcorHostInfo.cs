using System.Text.Json;
using System.Text.Json.Nodes;
using NodeManager.Core.Errors;
using NodeManager.Core.Import;
using NodeManager.Core.Labels;
using NodeManager.Core.Nodes;

namespace NodeManager.Server.Import;

/// <summary>
/// Alcor's node record (<c>host_info</c>): <c>node_id</c>, <c>node_name</c>, <c>local_ip</c>,
/// <c>mac_address</c>, <c>veth</c>, <c>server_port</c>, <c>host_dvr_mac</c>, <c>data-path-ip</c>.
/// Alcor ids are free text; one that is not a UUID is mapped to a name-based UUID (v5), the same
/// every time, and kept in the label <c>alcor-node-id</c>. Other Alcor fields (ncm_id, ...) are ignored.
/// </summary>
public static class AlcorHostInfo
{
    public const string IdLabel = AlcorIds.IdLabel;

    public static ImportRow Decode(JsonNode? node, int row)
    {
        if (node is not JsonObject obj)
        {
            return new ImportRow(row, "", null, [new FieldViolation("host_info", "must be a JSON object")]);
        }

        var violations = new List<FieldViolation>();
        string Text(string key) => obj[key] switch
        {
            null => "",
            JsonValue v when v.GetValueKind() == JsonValueKind.String => v.GetValue<string>(),
            _ => Bad(key, "must be a string"),
        };
        string Bad(string key, string description)
        {
            violations.Add(new FieldViolation(key, description));
            return "";
        }

        var alcorId = Text("node_id");
        var labels = new Dictionary<string, string>();
        var id = alcorId;
        if (alcorId.Length > 0 && !NodeId.TryParse(alcorId, out _))
        {
            id = AlcorIds.NameBased(alcorId).ToString("D");
            if (LabelRules.CheckValue(alcorId) is null)
            {
                labels[IdLabel] = alcorId;
            }
        }

        var port = obj["server_port"] switch
        {
            null => 0,
            JsonValue v when v.TryGetValue<int>(out var p) => p,
            JsonValue v when v.TryGetValue<string>(out var s) && int.TryParse(s, out var p) => p,
            _ => -1,
        };
        if (port < 0)
        {
            violations.Add(new FieldViolation("server_port", "must be an integer port"));
            port = 0;
        }

        var spec = new NodeSpec
        {
            Name = Text("node_name"),
            Ip = Text("local_ip"),
            Mac = Text("mac_address"),
            Veth = Text("veth"),
            HostDvrMac = Text("host_dvr_mac"),
            DataPathIp = Text("data-path-ip"),
            AgentPort = port,
            Labels = labels,
        };
        return violations.Count > 0 ? new ImportRow(row, id, null, violations) : new ImportRow(row, id, spec, []);
    }
}
