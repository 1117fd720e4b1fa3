using System.Text.Json.Nodes;
using NodeManager.Contracts.V1;
using static NodeManager.Server.Rest.OpenApiDocument;

namespace NodeManager.Server.Rest;

/// <summary>The lifecycle and reservation routes of the OpenAPI document (schemas from the proto descriptors).</summary>
internal static class OpenApiLifecycle
{
    public static void AddTo(JsonObject paths, JsonObject schemas)
    {
        foreach (var message in new[]
        {
            TransitionRequest.Descriptor, TransitionResponse.Descriptor, BatchTransitionRequest.Descriptor, Operation.Descriptor,
            Reservation.Descriptor, ReserveComputeRequest.Descriptor, ReserveStorageRequest.Descriptor, ScheduleComputeRequest.Descriptor,
            ScheduleStorageRequest.Descriptor, ListReservationsResponse.Descriptor,
        })
        {
            AddSchema(message, schemas);
        }

        JsonObject Id() => Param("id", "path", "Node UUID", required: true);
        JsonObject Name() => Param("name", "path", "Reservation name", required: true);
        paths["/v1/nodes/{id}:transition"] = new JsonObject
        {
            ["post"] = Op("Transition", "Move a node to another lifecycle state (FAILED_PRECONDITION names the allowed ones); If-Match = expected version.",
                "TransitionRequest", "TransitionResponse", 200, Id(), Param("If-Match", "header", "ETag of the version you read")),
        };
        paths["/v1/nodes:batchTransition"] = new JsonObject
        {
            ["post"] = Op("BatchTransition", "Start a batch operation by ids or label selector with max_unavailable (202 + Location); dry_run reports per node (200).",
                "BatchTransitionRequest", "Operation", 202),
        };
        paths["/v1/operations/{id}"] = new JsonObject
        {
            ["get"] = Op("GetOperation", "A batch operation's state, progress and per-node results.", null, "Operation", 200, Param("id", "path", "Operation id", required: true)),
            ["delete"] = Op("CancelOperation", "Cancel a running batch operation; nodes already moved stay.", null, "Operation", 200, Param("id", "path", "Operation id", required: true)),
        };
        paths["/v1/nodes/{id}/reservations"] = new JsonObject
        {
            ["get"] = Op("ListReservations", "A node's reservations, capacity, reserved and free.", null, "ListReservationsResponse", 200, Id()),
        };
        paths["/v1/nodes/{id}/reservations/compute"] = new JsonObject
        {
            ["post"] = Op("ReserveCompute", "Reserve CPU and memory (same name and values again: no-op; other values: 409).", "ReserveComputeRequest", "Reservation", 200, Id()),
        };
        paths["/v1/nodes/{id}/reservations/compute/{name}"] = new JsonObject
        {
            ["delete"] = Op("ReleaseCompute", "Release a compute reservation.", null, "Reservation", 200, Id(), Name()),
        };
        paths["/v1/nodes/{id}/reservations/storage"] = new JsonObject
        {
            ["post"] = Op("ReserveStorage", "Reserve storage bytes.", "ReserveStorageRequest", "Reservation", 200, Id()),
        };
        paths["/v1/nodes/{id}/reservations/storage/{name}"] = new JsonObject
        {
            ["delete"] = Op("ReleaseStorage", "Release a storage reservation.", null, "Reservation", 200, Id(), Name()),
        };
        paths["/v1/nodes/-/reservations/compute:schedule"] = new JsonObject
        {
            ["post"] = Op("ScheduleCompute", "Pick a COMMISSIONED, READY node with room (best fit or spread) and reserve on it; 429 RESOURCE_EXHAUSTED with the reason when none fits.",
                "ScheduleComputeRequest", "Reservation", 200),
        };
        paths["/v1/nodes/-/reservations/storage:schedule"] = new JsonObject
        {
            ["post"] = Op("ScheduleStorage", "Pick a node for a storage reservation and reserve on it.", "ScheduleStorageRequest", "Reservation", 200),
        };
    }
}
