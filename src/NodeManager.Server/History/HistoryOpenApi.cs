using System.Text.Json.Nodes;
using NodeManager.Contracts.V1;
using static NodeManager.Server.Rest.OpenApiDocument;

namespace NodeManager.Server.History;

/// <summary>The history route in the OpenAPI document.</summary>
public static class HistoryOpenApi
{
    public static void AddTo(JsonObject paths, JsonObject schemas)
    {
        AddSchema(ListNodeHistoryResponse.Descriptor, schemas);
        paths["/v1/nodes/{id}/history"] = new JsonObject
        {
            ["get"] = Op("ListNodeHistory",
                "A node's history (every change and transition, with its actor), newest first; a deleted node's history stays. 404 when the node never existed.",
                null, "ListNodeHistoryResponse", 200,
                Param("id", "path", "Node UUID", required: true),
                Param("since", "query", "RFC 3339: entries at or after this time"),
                Param("until", "query", "RFC 3339: entries before this time"),
                Param("kind", "query", "only these kinds, repeated or comma-separated: CREATED, UPDATED, DELETED, HEALTH_CHANGED, LIFECYCLE_CHANGED, RESERVATION_CREATED, RESERVATION_RELEASED"),
                Param("order", "query", "desc (default, newest first) or asc"),
                Param("page_size", "query", "1..1000, default 100"),
                Param("page_token", "query", "next_page_token of the previous page")),
        };
    }
}
