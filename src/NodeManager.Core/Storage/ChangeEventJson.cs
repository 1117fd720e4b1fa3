using System.Text.Json;
using System.Text.Json.Serialization;
using NodeManager.Core.Changes;
using NodeManager.Core.Health;
using NodeManager.Core.Nodes;

namespace NodeManager.Core.Storage;

/// <summary>
/// The JSON form in which both stores keep a change event's payload: for node events the node
/// (its spec in <see cref="NodeSpecJson"/>'s shape), for health events the health state (its
/// conditions in <see cref="HealthJson"/>'s shape). Field names are snake_case, enums by name.
/// </summary>
public static class ChangeEventJson
{
    public static string Serialize(Node node) => JsonSerializer.Serialize(
        new StoredNode(node.Id, node.Spec, node.LifecycleState, node.Version, node.CreateTime, node.UpdateTime),
        ChangeEventJsonContext.Default.StoredNode);

    public static string Serialize(NodeHealthState health) => JsonSerializer.Serialize(
        new StoredHealth(health.NodeId, health.Status, health.Reason, health.Message, health.DecidedBy,
            health.LastHeartbeatTime, health.LastTransitionTime, HealthJson.ToStored(health.Conditions), health.FlapCount, health.Expected),
        ChangeEventJsonContext.Default.StoredHealth);

    /// <summary>The event as read back: <see cref="ChangeEvent.Health"/> set for health events, <see cref="ChangeEvent.Node"/> for the rest.</summary>
    public static ChangeEvent ToEvent(long revision, DateTimeOffset time, ChangeKind kind, Guid nodeId, string payload) => kind switch
    {
        ChangeKind.HealthChanged => new ChangeEvent(revision, time, kind, nodeId, null, DeserializeHealth(payload)),
        ChangeKind.LifecycleChanged => LifecycleJson.ToLifecycleEvent(revision, time, nodeId, payload),
        ChangeKind.ReservationCreated or ChangeKind.ReservationReleased =>
            new ChangeEvent(revision, time, kind, nodeId, null, null, Reservation: LifecycleJson.DeserializeReservation(payload)),
        _ => new ChangeEvent(revision, time, kind, nodeId, DeserializeNode(payload), null),
    };

    internal static StoredNode ToStored(Node node) =>
        new(node.Id, node.Spec, node.LifecycleState, node.Version, node.CreateTime, node.UpdateTime);

    internal static Node FromStored(StoredNode s) => new(s.Id, s.Spec, s.LifecycleState, s.Version, s.CreateTime, s.UpdateTime);

    public static Node DeserializeNode(string json)
    {
        var s = JsonSerializer.Deserialize(json, ChangeEventJsonContext.Default.StoredNode)
            ?? throw new InvalidDataException("stored event node is null");
        return FromStored(s);
    }

    public static NodeHealthState DeserializeHealth(string json)
    {
        var s = JsonSerializer.Deserialize(json, ChangeEventJsonContext.Default.StoredHealth)
            ?? throw new InvalidDataException("stored event health is null");
        return new NodeHealthState(s.NodeId, s.Status, s.Reason, s.Message, s.DecidedBy, s.LastHeartbeatTime,
            s.LastTransitionTime, HealthJson.FromStored(s.Conditions), s.FlapCount, s.Expected);
    }
}

/// <summary>The stored shape of a node in an event, kept apart from <see cref="Node"/> (which has computed members).</summary>
internal sealed record StoredNode(
    Guid Id,
    NodeSpec Spec,
    LifecycleState LifecycleState,
    long Version,
    DateTimeOffset CreateTime,
    DateTimeOffset UpdateTime);

/// <summary>The stored shape of a health state in an event.</summary>
internal sealed record StoredHealth(
    Guid NodeId,
    HealthStatus Status,
    string Reason,
    string Message,
    DecidedBy DecidedBy,
    DateTimeOffset? LastHeartbeatTime,
    DateTimeOffset LastTransitionTime,
    StoredCondition[] Conditions,
    int FlapCount,
    bool Expected = false);

[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower, UseStringEnumConverter = true)]
[JsonSerializable(typeof(StoredNode))]
[JsonSerializable(typeof(StoredHealth))]
internal sealed partial class ChangeEventJsonContext : JsonSerializerContext;
