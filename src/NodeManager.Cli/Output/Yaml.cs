using System.Text.Json;
using System.Text.Json.Nodes;
using YamlDotNet.Serialization;

namespace NodeManager.Cli.Output;

/// <summary>YAML of a JSON document (the protobuf JSON mapping): the same keys and values, strings quoted where YAML would read them as something else.</summary>
public static class Yaml
{
    private static readonly ISerializer Serializer = new SerializerBuilder().WithQuotingNecessaryStrings().Build();

    public static string FromJson(string json) => Serializer.Serialize(ToPlain(JsonNode.Parse(json)));

    private static object? ToPlain(JsonNode? node) => node switch
    {
        null => null,
        JsonObject obj => obj.ToDictionary(p => p.Key, p => ToPlain(p.Value)),
        JsonArray array => array.Select(ToPlain).ToList(),
        JsonValue value => value.GetValueKind() switch
        {
            JsonValueKind.String => value.GetValue<string>(),
            JsonValueKind.True => true,
            JsonValueKind.False => false,
            JsonValueKind.Number when value.TryGetValue<long>(out var integer) => integer,
            JsonValueKind.Number => value.GetValue<double>(),
            _ => null,
        },
        _ => null,
    };
}
