using System.Text.Json.Nodes;
using NodeManager.Contracts.V1;
using NodeManager.Core.Import;
using NodeManager.Server.Import;

namespace NodeManager.Server.Alcor;

/// <summary>Alcor's <c>host_info</c> JSON ⇄ NodeManager's node.</summary>
public static class AlcorHostInfoJson
{
    /// <summary>
    /// A node as Alcor's <c>NodeInfo</c>. <c>node_id</c> is the Alcor id the node was registered
    /// with (label <c>alcor-node-id</c>) or else the NodeManager UUID.
    /// </summary>
    public static JsonObject ToJson(Node node) => new()
    {
        ["node_id"] = AlcorId(node),
        ["node_name"] = node.Name,
        ["local_ip"] = node.Ip,
        ["mac_address"] = node.Mac,
        ["veth"] = node.Veth,
        ["server_port"] = node.AgentPort,
        ["host_dvr_mac"] = node.HostDvrMac,
        ["data-path-ip"] = node.DataPathIp,
    };

    public static string AlcorId(Node node) => node.Labels.TryGetValue(AlcorHostInfo.IdLabel, out var alcorId) ? alcorId : node.Id;

    /// <summary>
    /// Copies the fields Alcor models from a decoded row onto <paramref name="target"/> (a new node, or
    /// a copy of the stored one, whose other fields — location, capacity, labels — are kept).
    /// </summary>
    public static Node Apply(ImportRow row, Node target)
    {
        var spec = row.RawSpec!;
        target.Health = null;
        target.Name = spec.Name;
        target.Ip = spec.Ip;
        target.Mac = spec.Mac;
        target.Veth = spec.Veth;
        target.HostDvrMac = spec.HostDvrMac;
        target.DataPathIp = spec.DataPathIp;
        target.AgentPort = spec.AgentPort;
        foreach (var (key, value) in spec.Labels)
        {
            target.Labels[key] = value;
        }

        return target;
    }
}
