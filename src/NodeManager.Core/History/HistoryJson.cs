using System.Text.Json;
using System.Text.Json.Serialization;

namespace NodeManager.Core.History;

/// <summary>The JSON in which both stores keep a history entry's detail: snake_case, enums by name, defaults left out.</summary>
public static class HistoryJson
{
    public static string Serialize(HistoryDetail detail) => JsonSerializer.Serialize(detail, HistoryJsonContext.Default.HistoryDetail);

    public static HistoryDetail Deserialize(string json) =>
        JsonSerializer.Deserialize(json, HistoryJsonContext.Default.HistoryDetail) ?? throw new InvalidDataException("stored history detail is null");
}

[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower,
    UseStringEnumConverter = true,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingDefault)]
[JsonSerializable(typeof(HistoryDetail))]
internal sealed partial class HistoryJsonContext : JsonSerializerContext;
