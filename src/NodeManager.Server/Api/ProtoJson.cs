using System.Text.Json;
using System.Text.Json.Nodes;
using Google.Protobuf;
using Google.Protobuf.Reflection;
using NodeManager.Core.Errors;

namespace NodeManager.Server.Api;

/// <summary>
/// The protobuf JSON mapping with errors that name the field. Google.Protobuf's parser says
/// "Invalid numeric value" without saying where, and is slow for bulk files; so messages are
/// built here from the JSON tree through the descriptors' accessors, recording every unknown
/// field, wrong JSON type and unknown enum name with its path. Enum values may omit their type
/// prefix (<c>"GPU"</c> for <c>DEVICE_KIND_GPU</c>).
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
            node = JsonNode.Parse(json, documentOptions: new JsonDocumentOptions { MaxDepth = 64, AllowDuplicateProperties = false });
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
        var message = new T();
        Fill(message, obj, prefix, violations);
        return violations.Count == 0 ? message : throw NodeManagerException.Invalid(violations);
    }

    /// <summary>Sets every field of <paramref name="message"/> from <paramref name="obj"/>, recording what does not fit.</summary>
    private static void Fill(IMessage message, JsonObject obj, string prefix, List<FieldViolation> violations)
    {
        var descriptor = message.Descriptor;
        var fields = FieldsByJsonName(descriptor);
        foreach (var (name, value) in obj)
        {
            if (!fields.TryGetValue(name, out var field))
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

                var dictionary = (System.Collections.IDictionary)field.Accessor.GetValue(message);
                var valueField = field.MessageType.FindFieldByNumber(2);
                foreach (var (key, entry) in map)
                {
                    if (Convert(entry, valueField, $"{path}[{key}]", violations) is { } converted)
                    {
                        dictionary[key] = converted;
                    }
                }
            }
            else if (field.IsRepeated)
            {
                if (value is not JsonArray array)
                {
                    violations.Add(new(path, "must be a JSON array"));
                    continue;
                }

                var list = (System.Collections.IList)field.Accessor.GetValue(message);
                for (var i = 0; i < array.Count; i++)
                {
                    if (Convert(array[i], field, $"{path}[{i}]", violations) is { } converted)
                    {
                        list.Add(converted);
                    }
                }
            }
            else if (Convert(value, field, path, violations) is { } converted)
            {
                field.Accessor.SetValue(message, converted);
            }
        }
    }

    private static readonly System.Collections.Concurrent.ConcurrentDictionary<MessageDescriptor, Dictionary<string, FieldDescriptor>> FieldMaps = new();

    private static Dictionary<string, FieldDescriptor> FieldsByJsonName(MessageDescriptor descriptor) =>
        FieldMaps.GetOrAdd(descriptor, d =>
        {
            var map = new Dictionary<string, FieldDescriptor>(StringComparer.Ordinal);
            foreach (var field in d.Fields.InDeclarationOrder())
            {
                map[field.Name] = field;
                map[field.JsonName] = field;
            }

            return map;
        });

    /// <summary>The CLR value of one JSON value for <paramref name="field"/>, or null (with a violation) when it does not fit.</summary>
    private static object? Convert(JsonNode? value, FieldDescriptor field, string path, List<FieldViolation> violations)
    {
        if (value is null)
        {
            return null;
        }

        var kind = value.GetValueKind();
        object? result = field.FieldType switch
        {
            FieldType.Message when field.MessageType.FullName == "google.protobuf.Timestamp" =>
                kind == JsonValueKind.String ? ParseTimestamp(value.GetValue<string>()) : null,
            FieldType.Message when value is JsonObject nested => NewMessage(field.MessageType, nested, path + ".", violations),
            FieldType.String when kind == JsonValueKind.String => value.GetValue<string>(),
            FieldType.Bool when kind is JsonValueKind.True or JsonValueKind.False => value.GetValue<bool>(),
            FieldType.Enum => EnumValue(field.EnumType, value, kind),
            FieldType.Bytes when kind == JsonValueKind.String => TryBase64(value.GetValue<string>()),
            FieldType.Double or FieldType.Float => Number(value, kind) is { } d ? (field.FieldType == FieldType.Float ? (object)(float)d : d) : null,
            FieldType.Message or FieldType.String or FieldType.Bool or FieldType.Bytes => null,
            _ => Integer(value, kind, field.FieldType),
        };
        if (result is null)
        {
            violations.Add(new(path, Expected(field)));
        }

        return result;
    }

    private static IMessage NewMessage(MessageDescriptor type, JsonObject obj, string prefix, List<FieldViolation> violations)
    {
        var message = type.Parser.ParseFrom(ByteString.Empty);
        Fill(message, obj, prefix, violations);
        return message;
    }

    private static object? ParseTimestamp(string text)
    {
        try
        {
            return Parser.Parse<Google.Protobuf.WellKnownTypes.Timestamp>("\"" + text.Replace("\"", "", StringComparison.Ordinal) + "\"");
        }
        catch (InvalidProtocolBufferException)
        {
            return null;
        }
    }

    private static object? TryBase64(string text)
    {
        try
        {
            return ByteString.FromBase64(text);
        }
        catch (FormatException)
        {
            return null;
        }
    }

    private static object? EnumValue(EnumDescriptor type, JsonNode value, JsonValueKind kind)
    {
        int? number = kind switch
        {
            JsonValueKind.String => NormalizeEnum(type, value.GetValue<string>()) is { } name ? type.FindValueByName(name).Number : null,
            JsonValueKind.Number when value.AsValue().TryGetValue<int>(out var n) && type.FindValueByNumber(n) is not null => n,
            _ => null,
        };
        return number is { } v ? Enum.ToObject(type.ClrType, v) : null;
    }

    private static double? Number(JsonNode value, JsonValueKind kind) => kind switch
    {
        JsonValueKind.Number => value.GetValue<double>(),
        JsonValueKind.String when double.TryParse(value.GetValue<string>(), System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out var d) => d,
        _ => null,
    };

    private static object? Integer(JsonNode value, JsonValueKind kind, FieldType type)
    {
        var text = kind switch
        {
            JsonValueKind.Number => value.ToJsonString(),
            JsonValueKind.String => value.GetValue<string>(),
            _ => null,
        };
        if (text is null || !decimal.TryParse(text, System.Globalization.NumberStyles.AllowLeadingSign | System.Globalization.NumberStyles.AllowExponent | System.Globalization.NumberStyles.AllowDecimalPoint,
                System.Globalization.CultureInfo.InvariantCulture, out var number) || number != decimal.Truncate(number))
        {
            return null;
        }

        return type switch
        {
            FieldType.Int32 or FieldType.SInt32 or FieldType.SFixed32 => number is >= int.MinValue and <= int.MaxValue ? (int)number : null,
            FieldType.UInt32 or FieldType.Fixed32 => number is >= 0 and <= uint.MaxValue ? (uint)number : null,
            FieldType.UInt64 or FieldType.Fixed64 => number is >= 0 and <= ulong.MaxValue ? (ulong)number : null,
            _ => number is >= long.MinValue and <= long.MaxValue ? (long)number : null,
        };
    }

    private static string Expected(FieldDescriptor field) => field.FieldType switch
    {
        FieldType.Message when field.MessageType.FullName == "google.protobuf.Timestamp" => "must be an RFC 3339 timestamp string",
        FieldType.Message => "must be a JSON object",
        FieldType.String => "must be a string",
        FieldType.Bool => "must be true or false",
        FieldType.Enum => $"must be one of {string.Join(", ", field.EnumType.Values.Skip(1).Select(e => e.Name))}",
        FieldType.Bytes => "must be a base64 string",
        FieldType.Double or FieldType.Float => "must be a number",
        FieldType.Int32 or FieldType.SInt32 or FieldType.SFixed32 => "must be a 32-bit integer",
        FieldType.UInt32 or FieldType.Fixed32 => "must be a non-negative 32-bit integer",
        _ => "must be an integer",
    };

    /// <summary>Accepts <c>DEVICE_KIND_GPU</c>, <c>GPU</c> or <c>gpu</c>; returns the full value name, or null.</summary>
    public static string? NormalizeEnum(EnumDescriptor type, string text)
    {
        var upper = text.Trim().ToUpperInvariant().Replace('-', '_');
        var prefix = string.Concat(type.Name.Select((c, i) => i > 0 && char.IsUpper(c) ? "_" + c : c.ToString())).ToUpperInvariant() + "_";
        return type.FindValueByName(upper)?.Name ?? type.FindValueByName(prefix + upper)?.Name;
    }
}
