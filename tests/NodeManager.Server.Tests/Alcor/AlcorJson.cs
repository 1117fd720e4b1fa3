using System.Text.Json.Nodes;

namespace NodeManager.Server.Tests.Alcor;

/// <summary>Alcor's JSON as its clients send it.</summary>
public static class AlcorJson
{
    /// <summary>A host_info with fields numbered by <paramref name="i"/>; <paramref name="overrides"/> replace fields.</summary>
    public static string HostInfo(string id, int i, params (string Key, JsonNode? Value)[] overrides)
    {
        var info = new JsonObject
        {
            ["node_id"] = id, ["node_name"] = $"compute{i}", ["local_ip"] = $"10.213.43.{i}", ["mac_address"] = $"AA-BB-CC-00-00-{i:x2}",
            ["veth"] = "eth1", ["server_port"] = 50001, ["host_dvr_mac"] = $"02:00:00:aa:00:{i:x2}", ["data-path-ip"] = $"192.168.43.{i}",
        };
        foreach (var (key, value) in overrides)
        {
            info[key] = value;
        }

        return info.ToJsonString();
    }

    public static string Wrapped(string hostInfo) => $$"""{"host_info":{{hostInfo}}}""";

    public static string Bulk(params string[] hostInfos) => $$"""{"host_infos":[{{string.Join(",", hostInfos)}}]}""";

    public static string Field(JsonNode? node, string name) => node![name]!.GetValue<string>();

    /// <summary>The fields of <c>errors[]</c> of a problem-details body.</summary>
    public static IEnumerable<string> ErrorFields(JsonObject problem) =>
        problem["errors"]!.AsArray().Select(e => e!["field"]!.GetValue<string>());
}
