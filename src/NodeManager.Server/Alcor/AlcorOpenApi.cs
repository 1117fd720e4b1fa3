using System.Text.Json.Nodes;

namespace NodeManager.Server.Alcor;

/// <summary>The Alcor-compatible paths (<c>/nodes</c>; the same under <c>/v4/nodes</c>) in the OpenAPI document.</summary>
public static class AlcorOpenApi
{
    public static void AddTo(JsonObject paths, JsonObject schemas)
    {
        var text = new JsonObject { ["type"] = "string" };
        schemas["AlcorHostInfo"] = new JsonObject
        {
            ["type"] = "object",
            ["description"] = "Alcor's NodeInfo. node_id: the Alcor id (a non-UUID id is kept as label alcor-node-id) or the NodeManager UUID.",
            ["properties"] = new JsonObject
            {
                ["node_id"] = text.DeepClone(), ["node_name"] = text.DeepClone(), ["local_ip"] = text.DeepClone(), ["mac_address"] = text.DeepClone(),
                ["veth"] = text.DeepClone(), ["server_port"] = new JsonObject { ["type"] = "integer" }, ["host_dvr_mac"] = text.DeepClone(), ["data-path-ip"] = text.DeepClone(),
            },
        };
        var nodeId = new JsonObject { ["name"] = "nodeid", ["in"] = "path", ["required"] = true, ["description"] = "Alcor node id or NodeManager UUID", ["schema"] = text.DeepClone() };
        JsonArray Filters() => new(new[] { "node_name", "node_id", "mac_address", "local_ip" }.Select(name => (JsonNode)new JsonObject
        {
            ["name"] = name, ["in"] = "query", ["required"] = false, ["description"] = "repeatable or comma-separated; all given filters must match", ["schema"] = text.DeepClone(),
        }).ToArray());

        paths["/nodes"] = new JsonObject
        {
            ["post"] = Op("AlcorCreateNode", "Alcor: register {\"host_info\":{...}} → 201 {\"host_info\":{...}}; 409 when the id, name, ip or mac is taken."),
            ["get"] = Op("AlcorListNodes", "Alcor: {\"nodeInfos\":[host_info, ...]} of the nodes matching every filter given.", Filters()),
        };
        paths["/nodes/{nodeid}"] = new JsonObject
        {
            ["get"] = Op("AlcorGetNode", "Alcor: {\"host_info\":{...}}; 404 problem details when unknown.", [nodeId.DeepClone()]),
            ["put"] = Op("AlcorUpdateNode", "Alcor: replace the Alcor fields of a node (others are kept) → {\"host_info\":{...}}; 404 when unknown.", [nodeId.DeepClone()]),
            ["delete"] = Op("AlcorDeleteNode", "Alcor: delete → {\"node_id\":...}; 404 when unknown.", [nodeId.DeepClone()]),
        };
        paths["/nodes/bulk"] = new JsonObject { ["post"] = Op("AlcorRegisterBulk", "Alcor: {\"host_infos\":[...]}, all or nothing → [host_info, ...]; 400/409 naming host_infos[i].<field>.") };
        paths["/nodes/upload"] = new JsonObject { ["post"] = Op("AlcorUpload", "Alcor: multipart/form-data, node file in part 'file' → {\"total_nodes\",\"created\",\"unchanged\"}.") };
    }

    private static JsonObject Op(string operationId, string summary, JsonArray? parameters = null) => new()
    {
        ["operationId"] = operationId,
        ["tags"] = new JsonArray("Alcor"),
        ["summary"] = summary,
        ["parameters"] = parameters ?? [],
        ["responses"] = new JsonObject
        {
            ["200"] = new JsonObject { ["description"] = "ok (201 on create)" },
            ["default"] = new JsonObject { ["description"] = "error", ["content"] = new JsonObject { ["application/problem+json"] = new JsonObject { ["schema"] = new JsonObject { ["$ref"] = "#/components/schemas/Problem" } } } },
        },
    };
}
