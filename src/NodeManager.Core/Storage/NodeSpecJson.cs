using System.Text.Json;
using System.Text.Json.Serialization;
using NodeManager.Core.Nodes;

namespace NodeManager.Core.Storage;

/// <summary>The JSON form in which both stores keep a node's spec.</summary>
public static class NodeSpecJson
{
    public static string Serialize(NodeSpec spec) => JsonSerializer.Serialize(spec, NodeSpecJsonContext.Default.NodeSpec);

    public static NodeSpec Deserialize(string json) =>
        JsonSerializer.Deserialize(json, NodeSpecJsonContext.Default.NodeSpec)
        ?? throw new InvalidDataException("stored node spec is null");
}

[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower, UseStringEnumConverter = true)]
[JsonSerializable(typeof(NodeSpec))]
internal sealed partial class NodeSpecJsonContext : JsonSerializerContext;
