using System.Text.Json;
using System.Text.Json.Serialization;
using NodeManager.Core.Changes;
using NodeManager.Core.Lifecycle;
using NodeManager.Core.Nodes;
using NodeManager.Core.Reservations;

namespace NodeManager.Core.Storage;

/// <summary>
/// The JSON both stores keep for lifecycle events (the node as written plus its transition),
/// reservation events (the reservation) and batch operations. snake_case, enums by name.
/// </summary>
public static class LifecycleJson
{
    public static string Serialize(Node node, LifecycleTransition transition) => JsonSerializer.Serialize(
        new StoredLifecycleEvent(ChangeEventJson.ToStored(node), transition), LifecycleJsonContext.Default.StoredLifecycleEvent);

    public static string Serialize(Reservation reservation) => JsonSerializer.Serialize(reservation, LifecycleJsonContext.Default.Reservation);

    public static string Serialize(BatchOperation operation) => JsonSerializer.Serialize(operation, LifecycleJsonContext.Default.BatchOperation);

    public static Reservation DeserializeReservation(string json) =>
        JsonSerializer.Deserialize(json, LifecycleJsonContext.Default.Reservation) ?? throw new InvalidDataException("stored reservation is null");

    public static BatchOperation DeserializeOperation(string json) =>
        JsonSerializer.Deserialize(json, LifecycleJsonContext.Default.BatchOperation) ?? throw new InvalidDataException("stored operation is null");

    internal static ChangeEvent ToLifecycleEvent(long revision, DateTimeOffset time, Guid nodeId, string payload)
    {
        var stored = JsonSerializer.Deserialize(payload, LifecycleJsonContext.Default.StoredLifecycleEvent)
            ?? throw new InvalidDataException("stored lifecycle event is null");
        return new ChangeEvent(revision, time, ChangeKind.LifecycleChanged, nodeId, ChangeEventJson.FromStored(stored.Node), null, stored.Transition);
    }
}

/// <summary>The stored shape of a lifecycle event.</summary>
internal sealed record StoredLifecycleEvent(StoredNode Node, LifecycleTransition Transition);

[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower, UseStringEnumConverter = true)]
[JsonSerializable(typeof(StoredLifecycleEvent))]
[JsonSerializable(typeof(Reservation))]
[JsonSerializable(typeof(BatchOperation))]
internal sealed partial class LifecycleJsonContext : JsonSerializerContext;
