using NodeManager.Core.Errors;
using NodeManager.Core.Reservations;

namespace NodeManager.Server.Reservations;

/// <summary>Checks names and sizes of a reservation request, naming the proto field at fault.</summary>
internal static class ReservationRequestValidator
{
    public const int MaxNameLength = 253;

    public static string Name(string name, List<FieldViolation> violations)
    {
        if (name.Length is 0 or > MaxNameLength || !name.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.' or '/' or ':'))
        {
            violations.Add(new("name", $"is required: 1..{MaxNameLength} characters, letters, digits, '-', '_', '.', '/', ':'"));
        }

        return name;
    }

    /// <summary>A request (must be positive) and its limit (0 = the request; else at least the request).</summary>
    public static (long Request, long Limit) Size(long request, long limit, string requestField, string limitField, List<FieldViolation> violations)
    {
        if (request <= 0)
        {
            violations.Add(new(requestField, $"must be positive (got {request})"));
        }

        if (limit < 0)
        {
            violations.Add(new(limitField, $"must not be negative (0 = the request; got {limit})"));
        }
        else if (limit > 0 && limit < request)
        {
            violations.Add(new(limitField, $"must be at least {requestField} ({request}); got {limit}"));
        }

        return (request, limit == 0 ? request : limit);
    }

    public static void ThrowIfAny(List<FieldViolation> violations)
    {
        if (violations.Count > 0)
        {
            throw NodeManagerException.Invalid(violations);
        }
    }

    public static string KindName(ReservationKind kind) => kind == ReservationKind.Storage ? "storage" : "compute";
}
