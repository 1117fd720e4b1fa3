using System.Text.Json;
using System.Text.Json.Serialization;
using NodeManager.Core.Health;

namespace NodeManager.Core.Storage;

/// <summary>
/// The JSON form in which both stores keep a node's health conditions: an array of objects with
/// snake_case fields, severities by name, transition times in ISO 8601 with every tick.
/// </summary>
public static class HealthJson
{
    public static string Serialize(IReadOnlyList<HealthCondition> conditions)
    {
        var stored = new StoredCondition[conditions.Count];
        for (var i = 0; i < stored.Length; i++)
        {
            var c = conditions[i];
            stored[i] = new StoredCondition(c.Type, c.Status, c.Severity, c.Reason, c.Message, c.LastTransitionTime, c.Source);
        }

        return JsonSerializer.Serialize(stored, HealthJsonContext.Default.StoredConditionArray);
    }

    public static IReadOnlyList<HealthCondition> Deserialize(string json)
    {
        var stored = JsonSerializer.Deserialize(json, HealthJsonContext.Default.StoredConditionArray)
            ?? throw new InvalidDataException("stored health conditions are null");
        return Array.ConvertAll(stored, s => new HealthCondition(s.Type, s.Status, s.Severity, s.Reason, s.Message, s.LastTransitionTime, s.Source));
    }
}

/// <summary>The stored shape of a condition, kept apart from <see cref="HealthCondition"/> so that type can grow computed members.</summary>
internal sealed record StoredCondition(
    string Type,
    bool Status,
    ConditionSeverity Severity,
    string Reason,
    string Message,
    DateTimeOffset LastTransitionTime,
    string Source);

[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower, UseStringEnumConverter = true)]
[JsonSerializable(typeof(StoredCondition[]))]
internal sealed partial class HealthJsonContext : JsonSerializerContext;
