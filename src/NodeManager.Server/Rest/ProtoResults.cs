using System.Globalization;
using Google.Protobuf;
using NodeManager.Core.Errors;
using NodeManager.Server.Api;

namespace NodeManager.Server.Rest;

/// <summary>Protobuf-JSON responses and the ETag/If-Match version mapping.</summary>
public static class ProtoResults
{
    public static IResult Json(IMessage message, int status = 200) =>
        Results.Text(ProtoJson.Format(message), "application/json", statusCode: status);

    public static string ETag(long version) => "\"" + version.ToString(CultureInfo.InvariantCulture) + "\"";

    /// <summary>The version in an <c>If-Match</c> header: <c>"5"</c>, <c>W/"5"</c> or <c>5</c>; null when absent or <c>*</c>.</summary>
    public static long? IfMatchVersion(HttpRequest request)
    {
        var header = request.Headers.IfMatch.ToString().Trim();
        if (header.Length == 0 || header == "*")
        {
            return null;
        }

        var text = header.StartsWith("W/", StringComparison.Ordinal) ? header[2..] : header;
        text = text.Trim('"');
        return long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var version) && version > 0
            ? version
            : throw NodeManagerException.Invalid("If-Match", $"'{header}' is not an entity tag this server issued (expected the ETag of a node, e.g. \"3\")");
    }
}
