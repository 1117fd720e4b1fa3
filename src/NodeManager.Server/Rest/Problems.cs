using System.Text.Json.Nodes;
using NodeManager.Core.Errors;

namespace NodeManager.Server.Rest;

/// <summary>RFC 9457 problem details for every REST error, naming the field(s) at fault.</summary>
public static class Problems
{
    public const string ContentType = "application/problem+json";

    private static readonly System.Text.Json.JsonSerializerOptions JsonOptions = new() { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public static (int Status, string Code) Map(ErrorCode code) => code switch
    {
        ErrorCode.InvalidArgument => (400, "INVALID_ARGUMENT"),
        ErrorCode.NotFound => (404, "NOT_FOUND"),
        ErrorCode.AlreadyExists => (409, "ALREADY_EXISTS"),
        ErrorCode.Aborted => (409, "ABORTED"),
        ErrorCode.FailedPrecondition => (400, "FAILED_PRECONDITION"),
        ErrorCode.PayloadTooLarge => (413, "RESOURCE_EXHAUSTED"),
        ErrorCode.Unavailable => (503, "UNAVAILABLE"),
        ErrorCode.OutOfRange => (410, "OUT_OF_RANGE"),
        ErrorCode.ResourceExhausted => (429, "RESOURCE_EXHAUSTED"),
        ErrorCode.PermissionDenied => (403, "PERMISSION_DENIED"),
        _ => (500, "INTERNAL"),
    };

    public static IResult From(NodeManagerException ex, int? statusOverride = null)
    {
        var (status, code) = Map(ex.Code);
        return Build(statusOverride ?? status, code, ex.Message, ex.Violations, ex.ConflictingNodeId, ex.CurrentVersion);
    }

    public static IResult Build(
        int status,
        string code,
        string detail,
        IReadOnlyList<FieldViolation>? violations = null,
        string? conflictingNodeId = null,
        long? currentVersion = null)
    {
        var body = new JsonObject
        {
            ["type"] = "urn:nodemanager:problem:" + code.ToLowerInvariant().Replace('_', '-'),
            ["title"] = Title(status),
            ["status"] = status,
            ["detail"] = detail,
            ["code"] = code,
        };
        if (violations is { Count: > 0 })
        {
            body["errors"] = new JsonArray(violations.Select(v => (JsonNode)new JsonObject { ["field"] = v.Field, ["description"] = v.Description }).ToArray());
        }

        if (conflictingNodeId is not null)
        {
            body["conflictingNodeId"] = conflictingNodeId;
        }

        if (currentVersion is { } version)
        {
            body["currentVersion"] = version.ToString(System.Globalization.CultureInfo.InvariantCulture);
        }

        return Results.Text(body.ToJsonString(JsonOptions), ContentType, statusCode: status);
    }

    private static string Title(int status) => status switch
    {
        400 => "Bad Request",
        404 => "Not Found",
        409 => "Conflict",
        410 => "Gone",
        412 => "Precondition Failed",
        429 => "Too Many Requests",
        413 => "Content Too Large",
        415 => "Unsupported Media Type",
        422 => "Unprocessable Content",
        503 => "Service Unavailable",
        _ => "Error",
    };
}
