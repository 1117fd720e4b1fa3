using Google.Protobuf.Reflection;
using NodeManager.Core.Errors;
using NodeManager.Server.Api;

namespace NodeManager.Server.Rest;

/// <summary>Typed query-string values; a bad one is INVALID_ARGUMENT naming the parameter.</summary>
public static class QueryParameters
{
    /// <summary>A positive integer, or 0 when absent.</summary>
    public static int PositiveInt(IQueryCollection query, string name)
    {
        var text = query[name].ToString();
        return text.Length == 0 ? 0
            : int.TryParse(text, out var n) && n > 0 ? n
            : throw NodeManagerException.Invalid(name, $"'{text}' is not a positive integer");
    }

    /// <summary>An enum value by name (type prefix optional), or null when absent.</summary>
    public static int? Enum(IQueryCollection query, string name, EnumDescriptor type, string allowed)
    {
        var text = query[name].ToString();
        if (text.Length == 0)
        {
            return null;
        }

        var full = ProtoJson.NormalizeEnum(type, text) ?? throw NodeManagerException.Invalid(name, $"'{text}' is not one of {allowed}");
        return type.FindValueByName(full).Number;
    }
}
