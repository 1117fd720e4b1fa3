using System.Text.Json;
using System.Text.Json.Nodes;
using Google.Protobuf;
using Google.Protobuf.Reflection;
using NodeManager.Core.Errors;

namespace NodeManager.Server.Api;

/// <summary>
/// The protobuf JSON mapping with errors that name the field. Google.Protobuf's parser says
/// "Invalid numeric value" without saying where; so the document is first walked against the
/// message descriptor (unknown fields, wrong JSON types, unknown enum names), and only a clean
/// document is handed to <see cref="JsonParser"/>. Enum values may omit their type prefix
/// (<c>"GPU"</c> for <c>DEVICE_KIND_GPU</c>).
/// </summary>
public static class ProtoJson
{
    private static readonly JsonParser Parser = new(JsonParser.Settings.Default);
    private static readonly JsonFormatter Formatter = new(JsonFormatter.Settings.Default.WithFormatDefaultValues(true));

    public static string Format(IMessage message) => Formatter.Format(message);

    /// <summary>Parses <paramref name="json"/> as a <typeparamref name="T"/> or throws INVALID_ARGUMENT naming the field.</summary>
    public static T Parse<T>(string json)
        where T : IMessage<T>, new()
    {
        JsonNode? node;
        try
        {
            node = JsonNode.Parse(json);
        }
        catch (JsonException ex)
        {
            throw NodeManagerException.Invalid("body", $"malformed JSON at line {ex.LineNumber + 1}, byte {ex.BytePositionInLine + 1}: {ex.Message.Split(" LineNumber")[0]}");
        }

        return Parse<T>(node, "");
    }

    /// <summary>Parses one already-decoded JSON value; <paramref name="prefix"/> goes before field paths in errors.</summary>
    public static T Parse<T>(JsonNode? node, string prefix)
        where T : IMessage<T>, new()
    {
        if (node is not JsonObject obj)
        {
            throw NodeManagerException.Invalid(prefix.Length == 0 ? "body" : prefix.TrimEnd('.'), "must be a JSON object");
        }

        var violations = new List<FieldViolation>();
        CheckMessage(obj, new T().Descriptor, prefix, violations);
        if (violations.Count > 0)
        {
            throw NodeManagerException.Invalid(violations);
        }

        try
        {
            return Parser.Parse<T>(obj.ToJsonString());
        }
        catch (InvalidProtocolBufferException ex)
        {
            throw NodeManagerException.Invalid(prefix.Length == 0 ? "body" : prefix.TrimEnd('.'), ex.Message);
        }
    }

    private static void CheckMessage(JsonObject obj, MessageDescriptor descriptor, string prefix, List<FieldViolation> violations)
    {
        foreach (var (name, value) in obj.ToList())
        {
            var field = descriptor.FindFieldByName(name) ?? descriptor.Fields.InDeclarationOrder().FirstOrDefault(f => f.JsonName == name);
            if (field is null)
            {
                violations.Add(new(prefix + name, $"unknown field (known: {string.Join(", ", descriptor.Fields.InDeclarationOrder().Select(f => f.Name))})"));
                continue;
            }

            var path = prefix + field.Name;
            if (value is null)
            {
                continue;
            }

            if (field.IsMap)
            {
                if (value is not JsonObject map)
                {
                    violations.Add(new(path, "must be a JSON object of key/value pairs"));
                    continue;
                }

                var valueField = field.MessageType.FindFieldByNumber(2);
                foreach (var (key, entry) in map.ToList())
                {
                    CheckValue(map, key, entry, valueField, $"{path}[{key}]", violations);
                }
            }
            else if (field.IsRepeated)
            {
                if (value is not JsonArray array)
                {
                    violations.Add(new(path, "must be a JSON array"));
                    continue;
                }

                for (var i = 0; i < array.Count; i++)
                {
                    CheckElement(array, i, field, $"{path}[{i}]", violations);
                }
            }
            else
            {
                CheckValue(obj, name, value, field, path, violations);
            }
        }
    }

    private static void CheckElement(JsonArray array, int index, FieldDescriptor field, string path, List<FieldViolation> violations)
    {
        var element = array[index];
        if (field.FieldType == FieldType.Enum && element is JsonValue v && v.GetValueKind() == JsonValueKind.String
            && NormalizeEnum(field.EnumType, v.GetValue<string>()) is { } normalized)
        {
            array[index] = normalized;
            return;
        }

        CheckScalarOrMessage(element, field, path, violations, replace: null);
    }

    private static void CheckValue(JsonObject parent, string key, JsonNode? value, FieldDescriptor field, string path, List<FieldViolation> violations) =>
        CheckScalarOrMessage(value, field, path, violations, replace: normalized => parent[key] = normalized);

    private static void CheckScalarOrMessage(JsonNode? value, FieldDescriptor field, string path, List<FieldViolation> violations, Action<string>? replace)
    {
        if (value is null)
        {
            return;
        }

        var kind = value.GetValueKind();
        switch (field.FieldType)
        {
            case FieldType.Message when field.MessageType.FullName == "google.protobuf.Timestamp":
                Expect(kind == JsonValueKind.String, path, "must be an RFC 3339 timestamp string", violations);
                break;
            case FieldType.Message:
                if (value is JsonObject nested)
                {
                    CheckMessage(nested, field.MessageType, path + ".", violations);
                }
                else
                {
                    violations.Add(new(path, "must be a JSON object"));
                }

                break;
            case FieldType.String:
                Expect(kind == JsonValueKind.String, path, "must be a string", violations);
                break;
            case FieldType.Bool:
                Expect(kind is JsonValueKind.True or JsonValueKind.False, path, "must be true or false", violations);
                break;
            case FieldType.Enum:
                var normalized = kind == JsonValueKind.String ? NormalizeEnum(field.EnumType, value.GetValue<string>()) : null;
                if (normalized is not null)
                {
                    replace?.Invoke(normalized);
                }
                else if (kind != JsonValueKind.Number)
                {
                    violations.Add(new(path, $"must be one of {string.Join(", ", field.EnumType.Values.Skip(1).Select(e => e.Name))}"));
                }

                break;
            case FieldType.Bytes:
                Expect(kind == JsonValueKind.String, path, "must be a base64 string", violations);
                break;
            default:
                CheckNumber(value, kind, field.FieldType, path, violations);
                break;
        }
    }

    private static void CheckNumber(JsonNode value, JsonValueKind kind, FieldType type, string path, List<FieldViolation> violations)
    {
        var text = kind switch
        {
            JsonValueKind.Number => value.ToJsonString(),
            JsonValueKind.String => value.GetValue<string>(),
            _ => null,
        };
        var integral = type is not (FieldType.Double or FieldType.Float);
        var ok = text is not null && (integral
            ? long.TryParse(text, System.Globalization.NumberStyles.AllowLeadingSign, System.Globalization.CultureInfo.InvariantCulture, out var n)
                && (type is FieldType.Int64 or FieldType.SInt64 or FieldType.SFixed64 or FieldType.UInt64 or FieldType.Fixed64 || n is >= int.MinValue and <= uint.MaxValue)
            : double.TryParse(text, System.Globalization.CultureInfo.InvariantCulture, out _));
        Expect(ok, path, integral ? "must be an integer" : "must be a number", violations);
    }

    private static void Expect(bool condition, string path, string description, List<FieldViolation> violations)
    {
        if (!condition)
        {
            violations.Add(new(path, description));
        }
    }

    /// <summary>Accepts <c>DEVICE_KIND_GPU</c>, <c>GPU</c> or <c>gpu</c>; returns the full value name, or null.</summary>
    public static string? NormalizeEnum(EnumDescriptor type, string text)
    {
        var upper = text.Trim().ToUpperInvariant().Replace('-', '_');
        var prefix = string.Concat(type.Name.Select((c, i) => i > 0 && char.IsUpper(c) ? "_" + c : c.ToString())).ToUpperInvariant() + "_";
        return type.FindValueByName(upper)?.Name ?? type.FindValueByName(prefix + upper)?.Name;
    }
}
