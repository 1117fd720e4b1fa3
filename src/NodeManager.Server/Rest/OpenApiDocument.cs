using System.Text.Json.Nodes;
using Google.Protobuf.Reflection;
using NodeManager.Contracts.V1;

namespace NodeManager.Server.Rest;

/// <summary>
/// The OpenAPI 3.1 document of the REST API, served at <c>/openapi/v1.json</c>. Schemas are
/// derived from the proto descriptors (the same messages the API parses), so they cannot drift.
/// </summary>
public static class OpenApiDocument
{
    public static readonly string Json = Build().ToJsonString(new System.Text.Json.JsonSerializerOptions { WriteIndented = true });

    private static JsonObject Build()
    {
        var schemas = new JsonObject();
        foreach (var message in new[] { Node.Descriptor, ListNodesResponse.Descriptor, BatchGetNodesRequest.Descriptor, BatchGetNodesResponse.Descriptor, ImportNodesRequest.Descriptor, ImportNodesResponse.Descriptor })
        {
            AddSchema(message, schemas);
        }

        schemas["Problem"] = new JsonObject
        {
            ["type"] = "object",
            ["description"] = "RFC 9457 problem details; errors[].field names the proto field at fault.",
            ["properties"] = new JsonObject
            {
                ["type"] = Str(), ["title"] = Str(), ["status"] = new JsonObject { ["type"] = "integer" }, ["detail"] = Str(), ["code"] = Str(),
                ["errors"] = new JsonObject { ["type"] = "array", ["items"] = new JsonObject { ["type"] = "object", ["properties"] = new JsonObject { ["field"] = Str(), ["description"] = Str() } } },
                ["conflictingNodeId"] = Str(), ["currentVersion"] = Str(),
            },
        };

        var id = Param("id", "path", "Node UUID", required: true);
        var ifMatch = Param("If-Match", "header", "ETag of the version you read (\"3\"); a stale one gives 412");
        var paths = new JsonObject
        {
            ["/v1/nodes"] = new JsonObject
            {
                ["post"] = Op("CreateNode", "Register a node (201, ETag, Location).", "Node", "Node", 201),
                ["get"] = Op("ListNodes", "List nodes in id order, paged and filtered.", null, "ListNodesResponse", 200,
                    Param("page_size", "query", "1..1000, default 100"), Param("page_token", "query", "next_page_token of the previous page"),
                    Param("label_selector", "query", "e.g. env=prod,rack in (r1,r2)"), Param("lifecycle_state", "query", "REGISTERED, COMMISSIONED, ..."),
                    Param("name", "query", "exact name"), Param("ip", "query", "exact primary IP"), Param("mac", "query", "exact MAC"),
                    Param("health_status", "query", "READY, NOT_READY, DOWN or UNKNOWN (current health)"),
                    Param("zone", "query", "exact location.zone"), Param("rack", "query", "exact location.rack"),
                    Param("search", "query", "case-insensitive substring of name, IP or MAC")),
            },
            ["/v1/nodes/{id}"] = new JsonObject
            {
                ["get"] = Op("GetNode", "Read one node (ETag carries the version).", null, "Node", 200, id),
                ["put"] = Op("UpdateNode", "Replace a node's spec; If-Match or body version for optimistic concurrency.", "Node", "Node", 200, (JsonObject)id.DeepClone(), ifMatch),
                ["delete"] = Op("DeleteNode", "Delete a node (204).", null, null, 204, (JsonObject)id.DeepClone(), (JsonObject)ifMatch.DeepClone()),
            },
            ["/v1/nodes:batchGet"] = new JsonObject { ["post"] = Op("BatchGetNodes", "Read many nodes; unknown ids come back in missingIds.", "BatchGetNodesRequest", "BatchGetNodesResponse", 200) },
            ["/v1/nodes:import"] = new JsonObject
            {
                ["post"] = Op("ImportNodes", "Validate, diff and apply a node file (ImportNodesRequest, a JSON array of nodes, or Alcor host_infos). 422 when an all-or-nothing import is refused.",
                    "ImportNodesRequest", "ImportNodesResponse", 200,
                    Param("dry_run", "query", "true: report the plan, write nothing"), Param("mode", "query", "ALL_OR_NOTHING (default) or BEST_EFFORT")),
            },
        };

        paths["/v1/fleet/summary"] = new JsonObject
        {
            ["get"] = Op("GetFleetSummary", "The fleet at a glance (the dashboard's overview): counts by health, lifecycle and rack, cluster conditions, silos; cached 1.5 s.",
                null, "FleetSummary", 200),
        };
        schemas["FleetSummary"] = new JsonObject
        {
            ["type"] = "object",
            ["description"] = "docs/api.md#fleet-summary",
            ["properties"] = new JsonObject
            {
                ["generatedAt"] = new JsonObject { ["type"] = "string", ["format"] = "date-time" },
                ["revision"] = new JsonObject { ["type"] = "integer" },
                ["total"] = new JsonObject { ["type"] = "integer" },
                ["health"] = new JsonObject { ["type"] = "object", ["additionalProperties"] = new JsonObject { ["type"] = "integer" } },
                ["lifecycle"] = new JsonObject { ["type"] = "object", ["additionalProperties"] = new JsonObject { ["type"] = "integer" } },
                ["racks"] = new JsonObject { ["type"] = "array", ["items"] = new JsonObject { ["type"] = "object" } },
                ["clusterConditions"] = new JsonObject { ["type"] = "array", ["items"] = new JsonObject { ["type"] = "object" } },
                ["silos"] = new JsonObject { ["type"] = "array", ["items"] = new JsonObject { ["type"] = "object" } },
                ["dashboard"] = new JsonObject { ["type"] = "object" },
            },
        };
        Alcor.AlcorOpenApi.AddTo(paths, schemas);
        OpenApiLifecycle.AddTo(paths, schemas);
        History.HistoryOpenApi.AddTo(paths, schemas);
        return new JsonObject
        {
            ["openapi"] = "3.1.0",
            ["info"] = new JsonObject { ["title"] = "NodeManager", ["version"] = "v1", ["description"] = "Node inventory of a data-center region. Bodies use the protobuf JSON mapping of protos/nodemanager/v1." },
            ["paths"] = paths,
            ["components"] = new JsonObject { ["schemas"] = schemas },
        };
    }

    internal static JsonObject Str() => new() { ["type"] = "string" };

    internal static JsonObject Param(string name, string location, string description, bool required = false) =>
        new() { ["name"] = name, ["in"] = location, ["required"] = required, ["description"] = description, ["schema"] = Str() };

    internal static JsonObject Op(string operationId, string summary, string? requestSchema, string? responseSchema, int status, params JsonObject[] parameters)
    {
        var responses = new JsonObject
        {
            [status.ToString(System.Globalization.CultureInfo.InvariantCulture)] = responseSchema is null
                ? new JsonObject { ["description"] = "done" }
                : new JsonObject { ["description"] = "ok", ["content"] = new JsonObject { ["application/json"] = new JsonObject { ["schema"] = Ref(responseSchema) } } },
            ["default"] = new JsonObject { ["description"] = "error", ["content"] = new JsonObject { ["application/problem+json"] = new JsonObject { ["schema"] = Ref("Problem") } } },
        };
        var op = new JsonObject { ["operationId"] = operationId, ["summary"] = summary, ["parameters"] = new JsonArray(parameters), ["responses"] = responses };
        if (requestSchema is not null)
        {
            op["requestBody"] = new JsonObject { ["required"] = true, ["content"] = new JsonObject { ["application/json"] = new JsonObject { ["schema"] = Ref(requestSchema) } } };
        }

        return op;
    }

    private static JsonObject Ref(string name) => new() { ["$ref"] = "#/components/schemas/" + name };

    internal static void AddSchema(MessageDescriptor message, JsonObject schemas)
    {
        if (schemas.ContainsKey(message.Name))
        {
            return;
        }

        var properties = new JsonObject();
        schemas[message.Name] = new JsonObject { ["type"] = "object", ["properties"] = properties };
        foreach (var field in message.Fields.InDeclarationOrder())
        {
            var schema = FieldSchema(field, schemas);
            properties[field.JsonName] = field.IsRepeated && !field.IsMap ? new JsonObject { ["type"] = "array", ["items"] = schema } : schema;
        }
    }

    private static JsonObject FieldSchema(FieldDescriptor field, JsonObject schemas)
    {
        if (field.IsMap)
        {
            return new JsonObject { ["type"] = "object", ["additionalProperties"] = FieldSchema(field.MessageType.FindFieldByNumber(2), schemas) };
        }

        return field.FieldType switch
        {
            FieldType.Message when field.MessageType.FullName == "google.protobuf.Timestamp" => new JsonObject { ["type"] = "string", ["format"] = "date-time" },
            FieldType.Message => AddAndRef(field.MessageType, schemas),
            FieldType.Enum => new JsonObject { ["type"] = "string", ["enum"] = new JsonArray(field.EnumType.Values.Select(v => (JsonNode)JsonValue.Create(v.Name)!).ToArray()) },
            FieldType.Bool => new JsonObject { ["type"] = "boolean" },
            FieldType.Int64 or FieldType.UInt64 or FieldType.SInt64 or FieldType.Fixed64 or FieldType.SFixed64 => new JsonObject { ["type"] = "string", ["format"] = "int64" },
            FieldType.Int32 or FieldType.UInt32 or FieldType.SInt32 or FieldType.Fixed32 or FieldType.SFixed32 => new JsonObject { ["type"] = "integer", ["format"] = "int32" },
            FieldType.Double or FieldType.Float => new JsonObject { ["type"] = "number" },
            _ => Str(),
        };
    }

    private static JsonObject AddAndRef(MessageDescriptor message, JsonObject schemas)
    {
        AddSchema(message, schemas);
        return Ref(message.Name);
    }
}
